"""Bases for the mixins the reader screen and its document pane are made of.

Textual does work for every class of its own that is defined (it collects its reactives,
merges its bindings, names its CSS types and lists ``dir`` of it): 0.15-0.3 ms each, about
2.3 ms of every start for the twelve mixins of the reader and its pane. So at run time a
mixin here is a plain class; the class that mixes them in names the Textual base after
them (``class ReaderScreen(EditActions, ..., Screen[None])``). Type checkers see the
Textual class, so a mixin can use its API.

Textual reads these only from its own classes, so a mixin must hold none of them:
BINDINGS, CSS or DEFAULT_CSS, COMPONENT_CLASSES, a Message class, an ``@on`` handler
(``tests/tui/test_mixins.py`` checks it). ``on_*`` and ``action_*`` methods are found on
any class of the MRO.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.scroll_view import ScrollView

    ScreenMixin = Screen[None]
    ScrollViewMixin = ScrollView
else:
    ScreenMixin = ScrollViewMixin = object
