"""The one place that decides when Python's cyclic garbage collector runs.

- Start-up makes a great many objects and frees few, so the collector's passes over them
  are wasted: about 30 ms of a book's first screen. It is paused from the command line
  until the first frame, then start-up's objects are frozen out of later collections.
- A book's rows and passages live as long as its reader. Frozen, they are left out of
  every full collection: with a long book and 10,000 highlights each one took 60 ms,
  and came every few edits. They are frozen once per reader, after a collection: each
  freeze keeps for ever whatever is garbage at that moment (the soak grew ~5 MB per
  1,000 keys when every new layout froze again). Closing the reader unfreezes them.
"""

from __future__ import annotations

import gc


def pause_for_start_up() -> None:
    gc.disable()


def resume() -> None:
    """For a command that draws no screen: collect as usual."""
    gc.enable()


def after_first_frame() -> None:
    """Keep start-up's objects out of every later collection, and collect again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def freeze_book() -> None:
    """Once per reader, when its text is laid out: collect, then freeze what is alive."""
    gc.collect()
    gc.freeze()


def release_book() -> None:
    """A reader closes (or reloads its text): its objects may be collected again."""
    gc.unfreeze()
