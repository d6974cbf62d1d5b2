"""Every use of a private API of TinyDB and argparse, in one place.

pyproject.toml bounds TinyDB above for them; when it moves, this is the module to read
again. Textual's private APIs live in ``tui/textual_private.py``, so the core below the
TUI never reaches Textual, not even through this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # argparse costs a start 1 ms (with gettext): imported where it is used
    import argparse

# TinyDB -----------------------------------------------------------------------------------


def forget_next_ids(db: Any) -> None:
    """Drop each table's remembered next document id: another process may have written,
    and used that id, since."""
    for table in db._tables.values():
        table._next_id = None


def next_doc_id(table: Any) -> int:
    return table._get_next_id()


def table_rows(table: Any) -> Iterable[dict[str, Any]]:
    """The rows of a TinyDB table as stored, without the Document copy ``all()`` makes of
    each: the caller copies what it keeps (10,000 rows copied twice cost 6 ms a read)."""
    return table._read_table().values()


def update_table(table: Any, change: Callable[[dict[int, Any]], None]) -> None:
    """TinyDB's own single-write primitive: ``change`` edits every row in memory and the
    table is written once, so a crash leaves the change whole or absent."""
    table._update_table(change)


# argparse ---------------------------------------------------------------------------------


def subparsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.values()


def actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return list(parser._actions)
