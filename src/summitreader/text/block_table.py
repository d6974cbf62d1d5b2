"""The blocks of a reading view, kept in arrays rather than as one object each.

A 100 MB book splits into 360,000 blocks. As ``Block`` objects (with their start and end
as int objects) they took 56 MB, beside the text itself; here a plain block costs its
start and end (4 bytes each while offsets fit) and a byte for its kind, 3.3 MB in all.
A block with anything more (a level, a lead, a gap other than 1, segments, extra) is
kept whole beside them. ``Block`` objects are made when one is read; nothing changes a
block once it has been split, so a copy is as good as the original.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterator, Sequence
from typing import overload

from summitreader.text.block import Block

OFFSETS_32 = 1 << 32  # texts shorter than this keep their offsets in 4 bytes


def offset_array(length: int) -> array[int]:
    """An empty array wide enough for the offsets of a text of ``length`` characters."""
    return array("I" if length < OFFSETS_32 else "q")


def _plain(block: Block) -> bool:
    return (
        not block.segs  # a Markdown block has them: one test says no
        and block.gap == 1
        and block.level == 0
        and not block.lead
        and not block.cont
        and block.extra is None
    )


class BlockTable(Sequence[Block]):
    """Blocks in split order: ``starts``, ``ends`` and a kind code per block."""

    def __init__(self, length: int) -> None:
        self.starts = offset_array(length)  # sorted: bisect finds a block by offset
        self.ends = offset_array(length)
        self.kinds = bytearray()  # appended last: its length is how many are complete
        self.rich: dict[int, Block] = {}  # the blocks with more, by index
        self._names: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, kind: str) -> int:
        found = self._codes.get(kind)
        if found is None:
            found = self._codes[kind] = len(self._names)
            self._names.append(kind)
        return found

    def append(self, block: Block) -> None:
        if not _plain(block):
            self.rich[len(self.kinds)] = block
        self.add_plain(self.code(block.kind), block.start, block.end)

    def add_plain(self, kind: int, start: int, end: int) -> None:
        """A block with no more than a kind (its ``code``), a start and an end."""
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)

    def __len__(self) -> int:
        return len(self.kinds)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> list[Block]: ...
    def __getitem__(self, index: int | slice) -> Block | list[Block]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.kinds)
        found = self.rich.get(index)
        if found is not None:
            return found
        return Block(self._names[self.kinds[index]], self.starts[index], self.ends[index])

    def __iter__(self) -> Iterator[Block]:
        return (self[i] for i in range(len(self.kinds)))

    def kind(self, index: int) -> str:
        return self._names[self.kinds[index]]

    def gap(self, index: int) -> int:
        found = self.rich.get(index)
        return 1 if found is None else found.gap

    def of_kinds(self, kinds: Collection[str]) -> array[int]:
        """The indexes of the blocks of these kinds, in order (a search per kind, in C)."""
        found: list[int] = []
        for name in kinds:
            code = self._codes.get(name)
            if code is None:
                continue
            byte = bytes([code])
            i = self.kinds.find(byte)
            while i >= 0:
                found.append(i)
                i = self.kinds.find(byte, i + 1)
        found.sort()
        return array("I", found)
