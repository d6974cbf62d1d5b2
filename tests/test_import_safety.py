"""A shared annotation file only adds records: each hostile file is built here, imported by
the real command in a subprocess, and the files around the store are compared byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summitreader.errors import StoreError
from summitreader.source import load_source
from summitreader.store import Store, new_record

from .conftest import GOMEZ, LANDAU
from .test_cli import EXE, run

SECRET = "password: hunter2-very-secret-value"


def annotation(
    source_id: str,
    exact: str = "anything",
    *,
    via: str | None = None,
    start: int | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    source: dict[str, Any] = {"id": "urn:sha256:" + source_id}
    if via is not None:
        source["via"] = via
    selectors: list[dict[str, Any]] = [{"type": "TextQuoteSelector", "exact": exact}]
    if start is not None:
        selectors.append({"type": "TextPositionSelector", "start": start, "end": start + len(exact)})
    made: dict[str, Any] = {"type": "Annotation", "target": {"source": source, "selector": selectors}}
    if note is not None:
        made["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": note}]
    return made


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "source_id",
    ["../../victim/settings", "../../victim/notes", "../../victim/new-file", "0" * 63, "/tmp/x"],
)
def test_a_source_id_that_is_not_64_hex_digits_names_no_file(tmp_path, source_id):
    """Before: ``urn:sha256:../../victim/settings`` replaced that JSON file whole, renamed a
    non-JSON ``notes.json`` to ``notes.json.corrupt-…`` and created ``new-file.json``."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "settings.json").write_text('{"prefs": {"1": {"theme": "dark"}}}', encoding="utf-8")
    (victim / "notes.json").write_text("my notes, not JSON", encoding="utf-8")
    evil = write_json(tmp_path / "evil.json", [annotation("a" * 64), annotation(source_id)])
    before = snapshot(tmp_path)
    out = run("import", str(evil), "--db", str(tmp_path / "store" / "store.json"))
    assert out.returncode == 1, out.stdout
    assert "annotation 2" in out.stderr and "64 hex digits" in out.stderr
    assert "nothing was imported" in out.stderr and "Traceback" not in out.stderr
    assert snapshot(tmp_path) == before  # no file changed, moved or made, the store neither


def test_the_store_itself_never_makes_a_path_of_a_bad_text_id(tmp_path):
    store = Store(tmp_path / "store.json")
    record = new_record(load_source(GOMEZ), 0, 10)
    for bad in ("../../victim/x", "0" * 63, "A" * 64):
        with pytest.raises(StoreError, match="64 hex digits"):
            store.insert({**record, "source_id": bad})
        with pytest.raises(StoreError, match="not a text id"):
            store.annotations(bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "store.json", "store.json.lock"]
