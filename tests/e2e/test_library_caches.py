"""The caches beside the store (counts and checks, titles, each document's export) change
no byte of what a command writes: with them, without them, and after another process
changed the store. Real files, the installed command in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from summitreader.store.store import Store
from tests.support.cli import EXE, run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.damage import ANNOTATION_DAMAGE, clean, edit_json, shard

CACHES = (
    "store.counts.json",
    "store.metadata.json",
    "store.export-cache.json",
    "store.search-index.json",
    "store.w3c-last.json",
)
QUOTES = ((GOMEZ, "Kim", "key"), (GOMEZ, "Trump", "aa"), (LANDAU, "phased approach", "aa"))


def annotate(db: Path) -> None:
    for path, quote, tag in QUOTES:
        done = run("annotate", str(path), "--quote", quote, "--occurrence", "1", "--tag", tag)
        assert done.returncode == 0, done.stderr


def settle(db: Path) -> None:
    """Every file of highlights last changed a minute ago: what the export's cache trusts
    (a file changed in the last two seconds is read again whatever its signature)."""
    old = time.time() - 60
    for path in (db.parent / "store.annotations").iterdir():
        os.utime(path, (old, old))


def outputs(tmp_path: Path, name: str) -> dict[str, str]:
    """Export to stdout, to a new file, and over that file; as W3C to a file, twice, and
    to stdout; search by tags and a word."""
    folder = tmp_path / name
    target = folder / "export.md"
    into = run("export", "-o", str(target))
    first = target.read_text(encoding="utf-8")
    again = run("export", "-o", str(target))  # over its own earlier export: unchanged
    w3c = tmp_path / "every.json"  # one file: each export after the first reuses its parts
    w3c_into = [run("export", "--format", "w3c", "-o", str(w3c)) for _ in range(2)]
    w3c_shown = run("export", "--format", "w3c")
    found = {q: run("search", q) for q in ("#aa", "#bb", "kim", "#key")}
    every = [run("export"), into, again, *w3c_into, w3c_shown, *found.values()]
    for out in every:
        clean(out)
        assert out.returncode in (0, 1), out.stderr
    return {
        "stdout": every[0].stdout,
        "file": first,
        "over": target.read_text(encoding="utf-8"),
        "told": (into.stderr + again.stderr).replace(str(folder), "DIR"),
        "w3c": w3c.read_text(encoding="utf-8"),
        "w3c stdout": w3c_shown.stdout,
        **{q: out.stdout for q, out in found.items()},
    }


def drop_caches(db: Path) -> None:
    for name in CACHES:
        (db.parent / name).unlink(missing_ok=True)


def test_what_the_commands_write_is_the_same_with_and_without_the_caches(tmp_path):
    db = tmp_path / "store.json"
    annotate(db)
    settle(db)
    cold = outputs(tmp_path, "cold")
    assert all((db.parent / name).exists() for name in CACHES)  # made by that first run
    warm = outputs(tmp_path, "warm")
    drop_caches(db)
    cold_again = outputs(tmp_path, "cold-again")
    assert warm == cold == cold_again
    assert "> Kim" in warm["file"] and "phased approach" in warm["#aa"]
    assert warm["w3c"] == warm["w3c stdout"] and '"exact": "Kim"' in warm["w3c"]


def test_after_another_process_changed_the_store_the_caches_are_not_used(tmp_path):
    db = tmp_path / "store.json"
    annotate(db)
    settle(db)
    outputs(tmp_path, "before")  # the caches now hold every document
    earlier = tmp_path / "earlier.md"
    assert run("export", "-o", str(earlier)).returncode == 0
    copy = tmp_path / "copy.md"
    copy.write_bytes(earlier.read_bytes())
    # another process renames a tag (a change of the same size) and writes a note
    assert run("tags", "rename", "aa", "bb").returncode == 0
    with Store(db) as store:
        [record] = [r for r in store.all_annotations() if r["quote"]["exact"] == "Kim"]
        store.update(record["id"], note="a note written elsewhere")
    settle(db)  # as old as before: only the signatures can tell
    warm = outputs(tmp_path, "after")
    merged = [run("export", "-o", str(earlier)) for _ in range(3)]  # over the earlier export
    drop_caches(db)
    cold = outputs(tmp_path, "after-cold")
    assert warm == cold
    cold_merged = [run("export", "-o", str(copy)) for _ in range(3)]
    assert earlier.read_bytes() == copy.read_bytes()
    told = [out.stderr.replace(str(earlier), "F") for out in merged]
    assert told == [out.stderr.replace(str(copy), "F") for out in cold_merged]
    assert "3 changed" in told[0] and "1 unchanged" in told[1] and told[1] == told[2]
    assert "#bb" in warm["file"] and "#aa" not in warm["file"]
    assert "a note written elsewhere" in warm["stdout"] and "phased approach" in warm["#bb"]
    assert warm["#aa"] == "" and "a note written elsewhere" in warm["kim"]
    assert warm["w3c"] == warm["w3c stdout"] and "a note written elsewhere" in warm["w3c"]


def test_a_file_damaged_after_it_was_checked_is_checked_again(tmp_path):
    db = tmp_path / "store.json"
    annotate(db)
    assert run("export").returncode == 0  # every file read, checked, and remembered so
    counts = json.loads((db.parent / "store.counts.json").read_text(encoding="utf-8"))
    assert counts["counts"][shard(db).stem][-1] == 1  # its records passed
    edit_json(shard(db), ANNOTATION_DAMAGE["start a string"])
    out = run("export")
    clean(out)
    assert out.returncode == 0 and "1 damaged record was set aside" in out.stderr


def test_a_w3c_export_to_a_file_is_the_one_written_to_stdout_whether_its_head_was_foreseen(
    tmp_path,
):
    """The file is written in one pass after the head of the last export (remembered),
    and again when the items make another head: both give the bytes of stdout's."""
    db = tmp_path / "store.json"
    annotate(db)
    target = tmp_path / "out" / "all.json"

    def exported(count: int = 3) -> tuple[bytes, bytes]:
        into = run("export", "--format", "w3c", "-o", str(target))
        clean(into)
        assert into.returncode == 0 and f"exported {count} highlights" in into.stderr
        written = target.read_bytes()
        shown = subprocess.run(
            [str(EXE), "export", "--format", "w3c"], capture_output=True, check=True
        ).stdout
        return written, shown

    settle(db)  # (so that the parts of each text are also taken from the file written last)
    first = exported()  # nothing foreseen
    assert (db.parent / "store.w3c-head").exists()
    second = exported()  # foreseen rightly
    added = run("annotate", str(LANDAU), "--quote", "serious blow", "--occurrence", "1")
    assert added.returncode == 0, added.stderr
    settle(db)
    third = exported(4)  # another total and id: foreseen wrongly
    fourth = exported(4)
    assert first[0] == first[1] == second[0] == second[1]
    assert third[0] == third[1] == fourth[0] == fourth[1] != first[0]
    assert b'"total": 4' in third[0] and third[0].count(b'"type": "Annotation"') == 4


def test_a_w3c_export_over_a_file_changed_since_is_made_again(tmp_path):
    """Parts of the last export are copied from its file only while it is the file that
    export wrote: after anyone changed it (same size here), every part is made again."""
    db = tmp_path / "store.json"
    annotate(db)
    settle(db)
    target = tmp_path / "all.json"
    written = []
    for _ in range(2):
        out = run("export", "--format", "w3c", "-o", str(target))
        assert out.returncode == 0 and "exported 3 highlights" in out.stderr
        written.append((target.stat().st_ino, target.stat().st_mtime_ns))
    assert written[0] == written[1]  # nothing changed: the file holds the export already
    shown = run("export", "--format", "w3c").stdout
    assert target.read_text(encoding="utf-8") == shown
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace('"exact": "Kim"', '"exact": "Jim"'), encoding="utf-8")
    out = run("export", "--format", "w3c", "-o", str(target))
    clean(out)
    assert out.returncode == 0 and target.read_text(encoding="utf-8") == shown


def test_a_w3c_export_of_the_same_texts_in_another_order_is_written_in_that_order(tmp_path):
    """Every text's part is in the earlier file, but not where this export puts it."""
    db = tmp_path / "store.json"
    annotate(db)
    settle(db)
    target = tmp_path / "two.json"
    for paths in ([GOMEZ, LANDAU], [GOMEZ, LANDAU], [LANDAU, GOMEZ]):
        names = [str(p) for p in paths]
        out = run("export", "--format", "w3c", *names, "-o", str(target))
        clean(out)
        assert out.returncode == 0, out.stderr
        shown = run("export", "--format", "w3c", *names).stdout
        assert target.read_text(encoding="utf-8") == shown
    assert shown.index('"exact": "phased approach"') < shown.index('"exact": "Kim"')
