"""While a reader is in front, full collections wait for the gap after a frame."""

from __future__ import annotations

import asyncio
import gc

from summitreader import collector


def _full_due() -> None:
    """Make as many young collections as Python lets pass before a full one."""
    for _ in range(collector.FULL_EVERY):
        gc.collect(1)


def test_a_reader_defers_full_collections_and_closing_it_gives_them_back():
    before = gc.get_threshold()
    try:
        collector.freeze_book()
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] > 1_000_000  # the allocator never reaches it
    finally:
        collector.release_book()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_a_due_full_collection_runs_just_after_the_frame():
    try:
        collector.freeze_book()
        _full_due()
        assert gc.get_count()[2] >= collector.FULL_EVERY
        collector.after_frame()
        assert gc.get_count()[2] >= collector.FULL_EVERY  # not inside the frame itself
        await asyncio.sleep(collector.WRITE_FIRST * 4)
        assert gc.get_count()[2] == 0
    finally:
        collector.release_book()


async def test_without_a_reader_after_frame_leaves_collections_to_python():
    gc.disable()  # no automatic collection while we look: only after_frame could collect
    try:
        gc.collect()
        _full_due()
        collector.after_frame()
        await asyncio.sleep(collector.WRITE_FIRST * 4)
        assert gc.get_count()[2] >= collector.FULL_EVERY
    finally:
        gc.enable()


def test_giving_memory_back_keeps_every_object():
    kept = [bytearray(4096) for _ in range(1000)]
    collector.give_back_memory()
    assert all(len(b) == 4096 for b in kept)


async def test_a_full_collection_waits_for_the_oldest_generation_to_grow_by_a_quarter():
    """Python's own rule: a full collection only once a quarter more objects have come to
    the oldest generation since the last one (else one came every 30 keys, of 17-26 ms)."""

    async def due_and_drawn() -> bool:
        """Young collections until a full one is due, a frame, and whether it ran."""
        _full_due()
        collector.after_frame()
        await asyncio.sleep(collector.WRITE_FIRST * 4)
        return gc.get_count()[2] == 0

    kept: list[list[int]] = []
    try:
        collector.freeze_book()
        kept += [[i] for i in range(20_000)]  # long-lived: they reach the oldest generation
        assert await due_and_drawn()  # the first since the freeze
        kept += [[i] for i in range(1_000)]  # 5% more
        assert not await due_and_drawn()
        kept += [[i] for i in range(8_000)]  # 45% more in all
        assert await due_and_drawn()
    finally:
        collector.release_book()
    assert len(kept) == 29_000
