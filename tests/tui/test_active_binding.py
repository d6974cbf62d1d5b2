"""The binding a key runs, worked out for that key alone, is the one Textual's
``active_bindings`` (which asks every binding of the screen) names for it: on the
library, the reader, the reader with a highlight under the cursor, and a dialog."""

from __future__ import annotations

from textual.screen import Screen

from summitreader.tui import textual_private
from tests.support.corpus import GOMEZ
from tests.support.tui import SIZE, make_app

UNBOUND = ["x", "ctrl+z", "f12", "shift+tab"]


def check_every_key(screen: Screen) -> int:
    chain_keys = {key for _, bindings in screen._modal_binding_chain for key, _ in bindings}
    keys = sorted(chain_keys | set(UNBOUND))
    for key in keys:
        assert textual_private.active_binding(screen, key) == screen.active_bindings.get(key)
    return len(keys)


async def test_each_screen_binds_a_key_as_textual_does() -> None:
    app = make_app(GOMEZ, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checked = [check_every_key(app.screen)]  # the library
        await pilot.press("enter")
        await pilot.pause(0.3)
        checked.append(check_every_key(app.screen))  # the reader, nothing highlighted
        await pilot.press("right_curly_bracket", "h")
        await pilot.pause()
        checked.append(check_every_key(app.screen))  # undo and remove are enabled now
        await pilot.press("t")
        await pilot.pause(0.3)
        checked.append(check_every_key(app.screen))  # the tag dialog over the reader
        names = [type(screen).__name__ for screen in app.screen_stack]
    assert len(names) >= 3, names
    assert all(count > len(UNBOUND) for count in checked), checked
