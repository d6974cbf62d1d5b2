"""The reader's and the pane's mixins are plain classes at run time (see tui/mixins.py):
Textual reads bindings, CSS, component classes, messages and @on handlers only from its
own classes, so a mixin that held one would lose it without a word."""

from __future__ import annotations

import inspect

import pytest
from textual.dom import DOMNode
from textual.message import Message

from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.highlight_list import HighlightList

TEXTUAL_ONLY = ("BINDINGS", "CSS", "DEFAULT_CSS", "COMPONENT_CLASSES", "CSS_PATH")


def plain_mixins(cls: type) -> list[type]:
    return [
        c
        for c in cls.__mro__
        if c.__module__.startswith("summitreader.") and not issubclass(c, DOMNode)
    ]


@pytest.mark.parametrize("cls", [ReaderScreen, DocumentView, HighlightList])
def test_mixins_hold_nothing_textual_reads_from_its_own_classes_only(cls):
    mixins = plain_mixins(cls)
    assert mixins, f"{cls.__name__} has no plain mixins: tui/mixins.py is not used"
    for mixin in mixins:
        held = [name for name in TEXTUAL_ONLY if name in mixin.__dict__]
        assert not held, f"{mixin.__name__} holds {held}: Textual would not read them"
        messages = [
            name
            for name, value in vars(mixin).items()
            if inspect.isclass(value) and issubclass(value, Message)
        ]
        assert not messages, f"{mixin.__name__} holds the messages {messages}"
        handlers = [name for name, value in vars(mixin).items() if hasattr(value, "_textual_on")]
        assert not handlers, f"{mixin.__name__} has @on handlers {handlers}"


def test_the_reader_is_built_of_its_seven_mixins_and_still_binds_their_keys():
    """Every action a binding names is found on the screen, mixin or not."""
    assert len(plain_mixins(ReaderScreen)) == 7
    for bindings in ReaderScreen._merged_bindings.key_to_bindings.values():
        for binding in bindings:
            name = binding.action.split("(")[0]
            if "." not in name:
                assert callable(getattr(ReaderScreen, f"action_{name}", None)), name
