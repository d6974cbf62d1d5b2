"""Shared fixtures. Every test runs with its own HOME, store and config, never the real ones."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from summitreader.settings import paths

CORPUS = paths.bundled_corpus()
GOMEZ = CORPUS / "gomez-second-summit.txt"
LANDAU = CORPUS / "landau-stein-third-summit.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def raw_paragraphs(path: Path) -> list[str]:
    """Paragraphs straight from the file, independent of summitreader's parser."""
    text = path.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


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
