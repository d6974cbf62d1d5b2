"""Shared fixtures. Every test runs with its own HOME, store and config, never the real ones.

Each test is marked by the folder it sits in: unit, tui, e2e or stress (see pyproject.toml),
and the folders run in that order, the quickest first."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# The suite gates every landing, so its property tests draw the same examples each run
# (a failure is reproducible, never a coin toss in CI). To search afresh for new
# counter-examples: pytest --hypothesis-profile=explore
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile("ci")

TESTS = Path(__file__).resolve().parent
KINDS = ("unit", "tui", "e2e", "stress")


def kind_of(item: pytest.Item) -> str | None:
    try:
        kind = item.path.resolve().relative_to(TESTS).parts[0]
    except ValueError:  # not under tests/
        return None
    return kind if kind in KINDS else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder, and run the quick kinds first: unit, tui, e2e, stress."""
    for item in items:
        if kind := kind_of(item):
            item.add_marker(kind)
    items.sort(key=lambda item: KINDS.index(kind_of(item) or "stress"))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "Documents"))
    monkeypatch.setenv("SUMMITREADER_DB", str(tmp_path / "store.json"))
    monkeypatch.setenv("SUMMITREADER_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("SUMMITREADER_DEBUG", raising=False)
    yield tmp_path
    gc.unfreeze()  # the reader freezes what it holds; many apps share this process
