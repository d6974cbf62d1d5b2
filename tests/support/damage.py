"""Damaging a store on purpose: a store seeded through the real command, its per-text
annotation file, edits that put a record in the wrong shape, and the app on a terminal
showing what it makes of the result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.cli import EXE, run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.pty_app import PtyApp

Edit = Callable[[dict[str, Any]], Any]


def seed(db: Path) -> None:
    """Two highlights in one text, one in the other, through the real command."""
    for path, quote in ((GOMEZ, "Kim"), (GOMEZ, "Trump"), (LANDAU, "phased approach")):
        out = run(
            "annotate",
            str(path),
            "--quote",
            quote,
            "--occurrence",
            "1",
            "--tag",
            "key",
            "--db",
            str(db),
        )
        assert out.returncode == 0, out.stderr


def shard(db: Path, text: Path = GOMEZ) -> Path:
    name = hashlib.sha256(text.read_bytes()).hexdigest() + ".json"
    return db.parent / "store.annotations" / name


def edit_json(path: Path, edit: Edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def clean(out: Any) -> None:
    assert "unexpected error" not in out.stderr and "Traceback" not in out.stderr, out.stderr


ANNOTATION_DAMAGE: dict[str, Edit] = {
    "no position": lambda d: d["annotations"]["1"].pop("position"),
    "tags null": lambda d: d["annotations"]["1"].__setitem__("tags", None),
    "start a string": lambda d: d["annotations"]["1"]["position"].__setitem__("start", "12"),
    "id a path": lambda d: d["annotations"]["1"].__setitem__("id", "../../etc/passwd"),
    "created not a date": lambda d: d["annotations"]["1"].__setitem__("created", "<b>soon</b>"),
}


def app_on_a_terminal(db: Path, *paths: Path) -> PtyApp:
    return PtyApp([str(EXE), "--db", str(db), *map(str, paths)], {"SUMMITREADER_DB": str(db)})


def app_shows(db: Path, text: bytes, *paths: Path) -> bytes:
    """Everything the app wrote until it showed ``text`` and was quit (q from the reader,
    then from the library); it must end with exit code 0."""
    app = app_on_a_terminal(db, *paths)
    try:
        app.wait_for(text)
        app.quiet(0.3)
        app.press("q")
        app.press("q")
        assert app.exit_code() == 0
    finally:
        app.close()
    return bytes(app.output)
