"""Fixtures the unit tests share (a module's own fixture of the same name wins)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summitreader.store.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store on real files in the test's own folder."""
    opened = Store(tmp_path / "store.json")
    yield opened
    opened.close()
