"""The one place that decides when Python's cyclic garbage collector runs.

- Start-up makes a great many objects and frees few, so the collector's passes over them
  are wasted: about 30 ms of a book's first screen. It is paused from the command line
  until the first frame, then start-up's objects are frozen out of later collections.
- A book's rows and passages live as long as its reader. Frozen, they are left out of
  every full collection: with a long book and 10,000 highlights each one took 60 ms,
  and came every few edits. They are frozen once per reader, after a collection: each
  freeze keeps for ever whatever is garbage at that moment (the soak grew ~5 MB per
  1,000 keys when every new layout froze again). Closing the reader unfreezes them.
- Drawing a frame makes cyclic garbage (Textual's strips cache themselves), so a full
  collection came every few keys, 5-10 ms inside one of them. While a reader is open,
  full collections are not left to the allocator: they run just after a frame has gone
  out (``after_frame``), between keys, as often as Python's own rule would run them: ten
  young collections since the last, and the oldest generation grown by a quarter since
  then (``QUARTER``). Without the quarter a 20,000-key session made a full collection
  every 30 keys, of 17-26 ms once some 70,000 objects had come to the oldest
  generation. Under a dialog too: the reader looks for a due one every second, so it
  runs between the dialog's keys, not inside its first frame. Young collections stay
  automatic (a tenth of a millisecond to a millisecond).
- An export of 10,000 highlights frees 25-40 MB when it ends, which the C allocator kept
  (in the export thread's own arena): ``give_back_memory`` returns it to the system.
"""

from __future__ import annotations

import gc
import sys

FULL_EVERY = 10  # young (gen 1) collections between full ones: Python's default threshold
QUARTER = 1.25  # and the oldest generation's growth since the last full one: Python's rule
_NEVER = 1 << 30  # a full-collection threshold the allocator never reaches
WRITE_FIRST = 0.005  # seconds: let the terminal's writer thread send the frame first
_defaults: tuple[int, int, int] | None = None
_scheduled = False
_long_lived = 0  # objects in the oldest generation after the latest full collection
_next_look = FULL_EVERY  # young collections (since the latest full one) before a look


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
    """Once per reader, when its text is laid out: collect, then freeze what is alive;
    from now on full collections wait for ``after_frame``."""
    global _long_lived, _next_look
    gc.collect()
    gc.freeze()
    _long_lived, _next_look = 0, FULL_EVERY
    full_after_frames()


def release_book() -> None:
    """A reader closes (or reloads its text): its objects may be collected again, and
    full collections are the allocator's again."""
    gc.unfreeze()
    full_when_due()


def full_after_frames() -> None:
    """Full collections only from ``after_frame`` (a reader in front)."""
    global _defaults
    if _defaults is None:
        _defaults = gc.get_threshold()
        gc.set_threshold(_defaults[0], _defaults[1], _NEVER)


def full_when_due() -> None:
    """Full collections as Python makes them (no reader: the library, search, review)."""
    global _defaults
    if _defaults is not None:
        gc.set_threshold(*_defaults)
        _defaults = None


def after_frame() -> None:
    """A frame has been drawn: if a full collection is due, make it a moment later, once
    the frame is on its way to the terminal (in the gap before the next key)."""
    global _scheduled, _next_look
    if _defaults is None or _scheduled or (young := gc.get_count()[2]) < _next_look:
        return
    if len(gc.get_objects(2)) < _long_lived * QUARTER:  # (0.5 ms for 70,000 objects)
        _next_look = young + FULL_EVERY
        return
    import asyncio  # here, not at the top: the command line imports this module first

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _scheduled = True
    loop.call_later(WRITE_FIRST, _collect)


def _collect() -> None:
    global _scheduled, _long_lived, _next_look
    _scheduled = False
    gc.collect()
    _long_lived, _next_look = len(gc.get_objects(2)), FULL_EVERY


def give_back_memory() -> None:
    """Return the C allocator's free memory to the system (glibc's ``malloc_trim``), after
    a large piece of work that freed what it built. Elsewhere it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # after an export only: 2 ms the app's start does without

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols hold libc's
    except (OSError, AttributeError):  # another C library (musl has no malloc_trim)
        return
    trim(0)
