"""Block, Rendered and Config are written out rather than made by ``@dataclass`` (for
start-up time): they must still behave as the dataclasses they were."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from summitreader.settings.config import Config
from summitreader.text.block import Block
from summitreader.text.inline import Rendered, Span


def test_blocks_are_equal_field_by_field_and_unequal_when_any_differs() -> None:
    block = Block("quote", 3, 9, lead="│ ", cont="│ ", segs=((3, 9),))
    assert block == Block("quote", 3, 9, 0, "│ ", "│ ", 1, ((3, 9),), None)
    changes = {"kind": "list", "start": 4, "end": 8, "level": 1, "lead": "", "cont": ""}
    changes |= {"gap": 0, "segs": (), "extra": "x"}
    for name, value in changes.items():
        other = pickle.loads(pickle.dumps(block))  # a copy, equal until changed
        assert other == block
        setattr(other, name, value)
        assert other != block, name


def test_they_are_unhashable_and_show_their_fields() -> None:
    rendered = Rendered("ab", [0], [5], breaks=(1,))
    for value in (Block("paragraph", 0, 2), rendered, Config(Path("c.toml"))):
        with pytest.raises(TypeError):
            hash(value)
    assert repr(Block("rule", 1, 2)) == (
        "Block(kind='rule', start=1, end=2, level=0, lead='', cont='', gap=1, segs=(), extra=None)"
    )
    assert "breaks=(1,)" in repr(rendered) and repr(rendered).startswith("Rendered(text='ab'")


def test_each_rendered_block_has_its_own_spans() -> None:
    first, second = Rendered("a", [0], [0]), Rendered("b", [0], [1])
    first.spans.append(Span(0, 1, "em"))
    assert second.spans == [] and first != second
    assert Rendered("a", [0], [0], [Span(0, 1, "em")]) == first


def test_a_block_is_not_equal_to_a_tuple_of_its_fields() -> None:
    assert Block("paragraph", 0, 2) != ("paragraph", 0, 2, 0, "", "", 1, (), None)
    assert Config(Path("c.toml")) == Config(Path("c.toml")) != Config(Path("d.toml"))


def test_documents_are_equal_by_their_source_and_unhashable() -> None:
    from summitreader.sources.text import source_from_bytes
    from summitreader.text.document import Document

    one, other = (source_from_bytes(b, Path("a.md")) for b in (b"# A\n", b"# B\n"))
    assert Document(one) == Document(one) != Document(other)
    with pytest.raises(TypeError):
        hash(Document(one))
