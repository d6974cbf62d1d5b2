"""A shared annotation file only adds records: each hostile file is built here, imported by
the real command in a subprocess, and the files around the store are compared byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from summitreader.annotations.model import new_record
from summitreader.errors import StoreError
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.cli import EXE, run
from tests.support.corpus import GOMEZ

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
        end = start + len(exact)
        selectors.append({"type": "TextPositionSelector", "start": start, "end": end})
    target = {"source": source, "selector": selectors}
    made: dict[str, Any] = {"type": "Annotation", "target": target}
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


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """The command with 2 GB of address space and 20 s: /dev/zero used to read until memory
    was gone, and a named pipe to wait for ever."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [str(EXE), *args],
        capture_output=True,
        text=True,
        timeout=20,
        env=os.environ,
        preexec_fn=limit,
    )


def stored_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.rglob("*") if p.is_file())


def test_via_a_private_file_is_not_read(tmp_path):
    """Before: via file:///…/secret.txt put 'hunter2-very-secret-value' into the stored
    suffix and into the next W3C export, and the secret joined the library."""
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"user: root\n{SECRET}\n", encoding="utf-8")
    evil = write_json(
        tmp_path / "evil.json", annotation("0" * 64, "password", via=secret.as_uri(), start=11)
    )
    db = tmp_path / "db" / "store.json"
    out = run("import", str(evil), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert f"{str(secret)!r}: not read" in out.stderr and "named" in out.stderr
    assert "1 added" in out.stdout and "1 waiting for their text" in out.stdout
    assert b"hunter2" not in stored_bytes(db)
    exported = run("export", "--format", "w3c", str(secret), "--db", str(db))
    assert "hunter2" not in exported.stdout.split('"exact"')[-1]  # the text itself, not the store
    assert all(r["id"] != sha(secret) for r in Store(db).all_sources())


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize("named", [False, True], ids=["via", "named"])
def test_via_a_device_or_a_pipe_is_refused_even_when_named(tmp_path, kind, named):
    if kind == "device":
        special = Path("/dev/zero")
    else:
        special = tmp_path / "pipe"
        os.mkfifo(special)
    evil = write_json(tmp_path / "evil.json", annotation("0" * 64, via=special.as_uri()))
    db = tmp_path / "db" / "store.json"
    out = run_bounded("import", str(evil), *([str(special)] if named else []), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert "unexpected error" not in out.stderr and "Traceback" not in out.stderr
    if named:
        kind_said = "a device" if kind == "device" else "a named pipe"
        assert f"{special}: {kind_said}, not a text file; it was not read" in out.stderr
    else:
        assert (
            "not read (an import reads only your library's texts and the ones named" in out.stderr
        )
    assert "1 waiting for their text" in out.stdout


def test_a_text_larger_than_the_limit_is_not_read(tmp_path, monkeypatch):
    from summitreader.export.w3c import parse
    from summitreader.library import importing

    big = tmp_path / "big.txt"
    big.write_text("word " * 50, encoding="utf-8")
    monkeypatch.setattr(importing, "TEXT_LIMIT", 100)
    incoming = parse(json.dumps(annotation(sha(big), "word", via=big.as_uri())))
    report = importing.import_annotations(Store(tmp_path / "s.json"), incoming, [big])
    assert report.notes == [f"{big}: larger than 0 MB; it was not read"] and report.waiting == 1


def test_a_named_text_or_one_in_the_library_is_read_through_via(tmp_path):
    """The reason via exists: a text found at that path is anchored, as before."""
    article = tmp_path / "article.txt"
    article.write_text(GOMEZ.read_text(encoding="utf-8") + "\nA new last line.\n", "utf-8")
    item = annotation("0" * 64, "Vietnam", via=article.as_uri())
    evil = write_json(tmp_path / "in.json", item)
    named = run("import", str(evil), str(article), "--db", str(tmp_path / "a" / "s.json"))
    assert "1 added" in named.stdout and "waiting" not in named.stdout, named.stderr
    db = tmp_path / "b" / "s.json"
    assert run("list", str(article), "--db", str(db)).returncode == 0
    with Store(db) as store:
        store.remember_source(load_source(article))  # now in that library
    in_library = run("import", str(evil), "--db", str(db))
    assert "1 added" in in_library.stdout and "waiting" not in in_library.stdout


@pytest.mark.parametrize(
    ("second", "problem"),
    [
        (
            annotation("1" * 64, "zz", start=2**64),
            "annotation 2: its position start 18446744073709551616 is out of range",
        ),
        (
            annotation("1" * 64, "zz", note="a lone \udcff surrogate"),
            "annotation 2: its note holds a lone surrogate (U+DCFF), which cannot be stored",
        ),
    ],
    ids=["position-2**64", "lone-surrogate"],
)
def test_an_import_is_all_or_nothing(tmp_path, second, problem):
    """Before: the first text's highlight was written, then the second failed to encode."""
    first = annotation(sha(GOMEZ), "Vietnam", via=GOMEZ.as_uri())
    evil = write_json(tmp_path / "evil.json", [first, second])
    db = tmp_path / "db" / "store.json"
    out = run("import", str(evil), "--db", str(db))
    assert out.returncode == 1 and problem in out.stderr, out.stderr
    assert "nothing was imported" in out.stderr and "unexpected" not in out.stderr
    assert not (tmp_path / "db" / "store.annotations").exists()
    assert Store(db).all_sources() == [] and not Store(db).backups()


def test_a_deeply_nested_file_gives_one_line(tmp_path):
    """Before: 'unexpected error: RecursionError'."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    out = run("import", str(deep), "--db", str(tmp_path / "db" / "store.json"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        f"summitreader: {deep}: its JSON is nested too deeply to read (annotations need only "
        "a few levels); nothing was imported"
    ]


def test_a_named_text_that_is_not_there_refuses_the_import_before_any_write(tmp_path):
    """Before: the mistyped name was noted and the import went on, its highlights left
    waiting for a text the user thought they had named."""
    good = write_json(tmp_path / "good.json", annotation("0" * 64, via=GOMEZ.as_uri()))
    db = tmp_path / "db" / "store.json"
    out = run_bounded("import", str(good), str(tmp_path / "gomez.txtt"), "--db", str(db))
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert f"{tmp_path / 'gomez.txtt'}: no such file; nothing was imported" in out.stderr
    assert not db.exists() or not list(Store(db).all_annotations())
