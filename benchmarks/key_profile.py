"""Where a key's milliseconds go, in process: War and Peace with 10,000 highlights in the
app under Pilot (120x40), each key pressed and left to settle, and the time inside each
part summed per key: the key's handler (split into the store, the sidebar, the page's
marks), the frame (each widget's lines drawn, the compositor), layouts, and the garbage
collector. The rest of a key's wall time is Textual's message loop and Pilot's waits.

    python benchmarks/key_profile.py [--keys 200] [--highlights 10000]

Reading keys (j, k, space, }) and edit keys (a digit, h, u) are measured apart; the soak
(benchmarks/soak.py) times the same keys from the terminal's side.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.book import war_and_peace_file  # noqa: E402
from benchmarks.soak import build_store  # noqa: E402

spent: dict[str, float] = defaultdict(float)
_depth: dict[str, int] = defaultdict(int)


def timed(owner: object, name: str, label: str) -> None:
    """Add the time inside ``owner.name`` to ``spent[label]`` (outermost calls only)."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if _depth[label]:
            return original(*args, **kwargs)
        _depth[label] += 1
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - began
            _depth[label] -= 1

    setattr(owner, name, wrapper)


def instrument() -> None:
    from textual._compositor import Compositor
    from textual.screen import Screen
    from textual.widget import Widget

    from summitreader.library.editing import Annotator
    from summitreader.store.store import Store
    from summitreader.tui.screens.reader import ReaderScreen
    from summitreader.tui.widgets.document_view import DocumentView
    from summitreader.tui.widgets.highlight_list import HighlightList
    from summitreader.tui.widgets.minimap import Minimap
    from summitreader.tui.widgets.sidebar import Sidebar

    for name in ("update", "replace", "add", "delete", "set_reading_state"):
        timed(Store, name, "store writes")
    timed(Annotator, "_sync", "annotator list")
    timed(ReaderScreen, "_mark_changes", "marks made (screen)")
    timed(DocumentView, "set_marks", "marks sorted (document view)")
    timed(DocumentView, "change_marks", "marks changed (document view)")
    timed(Minimap, "set_marks", "minimap marks")
    timed(Minimap, "change_marks", "minimap marks")
    timed(Sidebar, "show", "sidebar refill")
    timed(HighlightList, "render_line", "sidebar lines drawn")
    timed(DocumentView, "render_line", "document lines drawn")
    timed(Screen, "_refresh_layout", "layout (whole screen)")
    timed(Compositor, "render_update", "compositor (frame)")
    timed(Widget, "render_lines", "all widgets' lines drawn")
    by_widget = Widget.render_lines

    def render_lines(self, crop):  # each widget class's share of the lines drawn
        began = time.perf_counter()
        try:
            return by_widget(self, crop)
        finally:
            spent[f"  lines drawn: {type(self).__name__}"] += time.perf_counter() - began

    Widget.render_lines = render_lines

    gc_began: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_began.append(time.perf_counter())
        elif gc_began:
            spent["garbage collector"] += time.perf_counter() - gc_began.pop()

    gc.callbacks.append(on_gc)


async def run(book: Path, keys: int, highlights: int) -> dict[str, dict[str, float]]:
    from summitreader.settings.config import load_config
    from summitreader.sources.text import load_source
    from summitreader.store.store import Store
    from summitreader.text.document import Document
    from summitreader.tui.app import SummitApp

    build_store(Path(os.environ["SUMMITREADER_DB"]), book, highlights)
    app = SummitApp(
        [Document(load_source(book))],
        Store(os.environ["SUMMITREADER_DB"]),
        load_config(),
        open_single=True,
    )
    groups = {
        "reading (j)": ["j"],
        "reading (k, space, })": ["k", "space", "right_curly_bracket"],
        "tag (a digit)": ["1"],
        "undo": ["u"],
    }
    found: dict[str, dict[str, float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1)
        while not app.screen.view.ready:
            await pilot.pause(0.2)
        await pilot.pause(1.5)
        for group, pressed in groups.items():
            mine: dict[str, float] = defaultdict(float)
            walls = []
            edit = group in ("tag (a digit)", "undo")
            for n in range(keys):
                if edit:  # to a whole paragraph first; for undo, something to undo
                    await pilot.press("right_curly_bracket")
                    await pilot.pause(0.03)
                    if group == "undo":
                        await pilot.press("1")
                        await pilot.pause(0.03)
                key = pressed[n % len(pressed)]
                before = dict(spent)
                began = time.perf_counter()
                await pilot.press(key)
                await pilot.pause(0.03)
                walls.append(time.perf_counter() - began)
                for part, value in spent.items():  # only the key measured counts
                    mine[part] += value - before.get(part, 0.0)
                if group == "tag (a digit)":
                    await pilot.press("u")  # the store ends as it began
                    await pilot.pause(0.03)
            found[group] = {k: v * 1000 / keys for k, v in mine.items()}
            found[group]["(wall, with Pilot's waits)"] = statistics.median(walls) * 1000
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--highlights", type=int, default=10_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="summitreader-keys-")
    os.environ.update(
        SUMMITREADER_DB=f"{tmp}/store.json",
        SUMMITREADER_CONFIG=f"{tmp}/none.toml",
        HOME=tmp,
        XDG_STATE_HOME=f"{tmp}/state",
    )
    instrument()
    with war_and_peace_file() as book:
        found = asyncio.run(run(book, args.keys, args.highlights))
    for group, parts in found.items():
        print(f"\n{group}: ms per key (parts overlap: lines drawn are inside the frame)")
        for part, value in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"  {part:36} {value:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
