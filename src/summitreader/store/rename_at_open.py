"""A tag rename's journal, finished when the store opens (under its lock), or said to be
pending with what it needs when there is no room: reads never wait on it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tinydb import Query
from tinydb.queries import QueryInstance

from summitreader.annotations.model import now_iso
from summitreader.annotations.tags import is_under, renamed_tag
from summitreader.errors import StoreCorrupt, StoreError
from summitreader.store import tag_journal
from summitreader.store.tag_journal import JOURNAL

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tinydb.table import Table


class RenameAtOpen:
    """Mixed into StoreFiles."""

    if TYPE_CHECKING:
        path: Path
        tags: Table
        _known_tags: set[str] | None

        def _shard_path(self, source_id: str) -> Path: ...
        def _shard_ids(self) -> list[str]: ...
        def _shard(self, source_id: str) -> Table: ...
        def _remember_tags(self, tags: Iterable[str]) -> None: ...
        def _move_aside(self, relative: str, path: Path, problem: StoreError) -> NoReturn: ...

    @property
    def _journal(self) -> Path:
        return tag_journal.journal_path(self.path)

    def _try_journal(self) -> str | None:
        """Finish a journalled rename if there is room; else say what is pending and what it
        needs. Reads never wait on it: they show the highlights as they are."""
        try:
            self._finish_journal()
        except StoreCorrupt:
            raise
        except StoreError as exc:
            return self._rename_pending(str(exc))
        return None

    def _rename_pending(self, problem: str) -> str:
        rename = tag_journal.read(self._journal)
        assert rename is not None
        left = [
            self._shard_path(sid)
            for sid in self._shard_ids()
            if self._shard(sid).contains(_tagged_under(rename.old))
        ]
        return tag_journal.unfinished(self._journal, rename, left, problem)

    def _finish_journal(self) -> int:
        """Apply a journalled rename (under the lock), then remove the journal. A damaged
        journal is moved aside: it cannot say which rename it held."""
        try:
            rename = tag_journal.read(self._journal)
        except StoreCorrupt as exc:
            self._move_aside(JOURNAL, self._journal, exc)
        if rename is None:
            return 0
        old, new = rename
        modified = now_iso()

        def renamed(record: dict[str, Any]) -> None:
            tags = [renamed_tag(t, old, new) for t in record["tags"]]
            record["tags"] = list(dict.fromkeys(tags))  # merged where it had both
            record["modified"] = max(modified, record["modified"])

        changed = 0
        for sid in self._shard_ids():
            changed += len(self._shard(sid).update(renamed, _tagged_under(old)))
        moved = [row["name"] for row in self.tags.search(Query().name.test(is_under, old))]
        self.tags.remove(Query().name.test(is_under, old))
        self._known_tags = None
        self._remember_tags([renamed_tag(t, old, new) for t in moved] or [new])
        self._journal.unlink()
        return changed


def _tagged_under(old: str) -> QueryInstance:
    """Highlights with ``old`` or a tag nested under it."""
    return Query().tags.test(lambda tags: any(is_under(t, old) for t in tags))
