"""No damaged store is a dead end: each kind of damage gets a message naming the file and
what to do, and ``recover`` (or the app's recovery screen) can fix it. Real files, the real
command in subprocesses."""

from __future__ import annotations

import json
import time

import pytest

from summitreader.annotations.model import new_record
from summitreader.errors import StoreCorrupt
from summitreader.sources.text import load_source
from summitreader.store.migrations import SCHEMA_VERSION
from summitreader.store.store import Store
from tests.support.cli import run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.damage import (
    ANNOTATION_DAMAGE,
    Edit,
    app_on_a_terminal,
    app_shows,
    clean,
    edit_json,
    seed,
    shard,
)
from tests.support.filesystems import fill, small_disk


@pytest.mark.parametrize("damage", ANNOTATION_DAMAGE, ids=list(ANNOTATION_DAMAGE))
def test_a_highlight_in_the_wrong_shape_is_set_aside_and_the_rest_is_used(tmp_path, damage):
    """Before: list counted it, export failed with 'unexpected error: KeyError: position'
    (TypeError for the others), and the app showed a traceback."""
    db = tmp_path / "store.json"
    seed(db)
    bad = json.loads(shard(db).read_text(encoding="utf-8"))["annotations"]["1"]
    edit_json(shard(db), ANNOTATION_DAMAGE[damage])
    damaged = json.loads(shard(db).read_text(encoding="utf-8"))["annotations"]["1"]

    out = run("export", str(GOMEZ), "--db", str(db))
    clean(out)
    assert out.returncode == 0 and "highlights: 1" in out.stdout
    assert bad["quote"]["exact"] not in out.stdout.split("---")[-1].replace("Trump-Kim", "")
    log = tmp_path / "store.json.set-aside.json"
    assert f"1 damaged record was set aside and kept in {log}" in out.stderr
    assert f"annotations/{shard(db).name}, annotations record 1: " in out.stderr
    assert "`summitreader recover` lists them" in out.stderr

    [kept] = json.loads(log.read_text(encoding="utf-8"))["set_aside"].values()
    assert kept["record"] == damaged and kept["file"] == f"annotations/{shard(db).name}"
    assert "1" not in json.loads(shard(db).read_text(encoding="utf-8"))["annotations"]
    listed = run("list", str(GOMEZ), str(LANDAU), "--db", str(db))
    assert "1 highlight\n" in listed.stdout and listed.stdout.count("1 highlight\n") == 2

    recovered = run("recover", "--db", str(db))
    assert recovered.returncode == 0 and "1 damaged record set aside" in recovered.stdout
    assert "annotations record 1" in recovered.stdout
    again = run("list", str(GOMEZ), "--db", str(db))
    assert again.returncode == 0 and again.stderr == ""  # reported once recover showed it
    assert json.loads(log.read_text(encoding="utf-8"))["set_aside"]["1"]["record"] == damaged


INDEX_DAMAGE: dict[str, tuple[Edit, list[str]]] = {
    "source without path": (lambda d: d["sources"]["1"].pop("path"), ["list", str(GOMEZ)]),
    "source a number": (lambda d: d["sources"].__setitem__("1", 5), ["export", str(GOMEZ)]),
    "tag without name": (
        lambda d: d["tags"]["1"].pop("name"),
        ["annotate", str(GOMEZ), "--quote", "Vietnam", "--occurrence", "1", "--tag", "x"],
    ),
}


@pytest.mark.parametrize("damage", INDEX_DAMAGE, ids=list(INDEX_DAMAGE))
def test_an_index_record_in_the_wrong_shape_is_set_aside(tmp_path, damage):
    """Before: 'unexpected error: KeyError: path' from list and export ('TypeError' for a
    number), and every later highlight failed with 'KeyError: name'."""
    db = tmp_path / "store.json"
    seed(db)
    edit, command = INDEX_DAMAGE[damage]
    edit_json(db, edit)
    out = run(*command, "--db", str(db))
    clean(out)
    assert out.returncode == 0 and "1 damaged record was set aside" in out.stderr
    assert "index.json, " in out.stderr
    assert run("export", str(GOMEZ), "--db", str(db)).stdout.count("\n> ") >= 2


def test_a_reading_position_of_top_is_set_aside(tmp_path):
    """Before: reading_state raised ValueError: the reader screen showed a traceback."""
    db = tmp_path / "store.json"
    seed(db)
    sid = shard(db).stem
    with Store(db) as store:
        store.set_reading_state(sid, 120)
    edit_json(db, lambda d: d["state"]["1"].__setitem__("offset", "top"))
    with Store(db) as store:
        assert store.reading_state(sid) == (0, None)
        [notice] = store.notices()
    assert "index.json, state record 1: its offset is not a whole number ('top')" in notice


@pytest.mark.parametrize("version", ['"2"', "1e308"])
def test_a_schema_version_that_is_not_a_whole_number_can_be_restored(tmp_path, version):
    """Before: 'has no readable schema version', the app offered the backup, and then
    `recover` said 'nothing to recover' and the store stayed shut."""
    db = tmp_path / "store.json"
    seed(db)
    Store(db, backup="start").close()  # as the app does at start-up
    raw = db.read_text(encoding="utf-8")
    current = f'"schema_version":{SCHEMA_VERSION}'
    assert current in raw
    db.write_text(raw.replace(current, f'"schema_version":{version}'), "utf-8")

    out = run("list", str(GOMEZ), "--db", str(db))
    clean(out)
    assert out.returncode == 1 and f"the store file {db}: its schema_version is" in out.stderr
    assert "moved aside to" in out.stderr and "summitreader recover" in out.stderr
    [aside] = tmp_path.glob("store.json.corrupt-*")
    assert version in aside.read_text(encoding="utf-8")  # kept, byte for byte

    recovered = run("recover", "--db", str(db))
    assert recovered.returncode == 0 and f"restored {db} from the backup" in recovered.stdout
    listed = run("list", str(GOMEZ), "--db", str(db))
    assert listed.returncode == 0 and "2 highlights" in listed.stdout


def test_a_bad_schema_version_without_a_backup_can_start_empty(tmp_path):
    db = tmp_path / "store.json"
    seed(db)
    edit_json(db, lambda d: d["meta"]["1"].__setitem__("schema_version", "2"))
    assert run("list", str(GOMEZ), "--db", str(db)).returncode == 1
    assert "starts empty" in run("recover", "--empty", "--db", str(db)).stdout
    listed = run("list", str(GOMEZ), "--db", str(db))
    assert listed.returncode == 0 and "2 highlights" in listed.stdout  # its file was untouched


@pytest.mark.parametrize(
    "journal",
    [b'{"rename_tag": {"old": "ke', b'{"rename_tag": "key"}', b"[1]", b'{"rename_tag": {"a": 1}}'],
    ids=["truncated", "a-string", "a-list", "wrong-types"],
)
@pytest.mark.parametrize("choice", [[], ["--empty"]], ids=["restore", "empty"])
def test_a_damaged_rename_journal_is_moved_aside_and_recover_goes_on(tmp_path, journal, choice):
    """Before: every command failed on the journal ('is not valid JSON', 'does not hold
    TinyDB tables') and both `recover` and `recover --empty` said 'nothing to recover'."""
    db = tmp_path / "store.json"
    seed(db)
    path = tmp_path / "store.json.journal"
    path.write_bytes(journal)
    out = run("list", str(GOMEZ), "--db", str(db))
    clean(out)
    assert out.returncode == 1 and str(path) in out.stderr and "moved aside to" in out.stderr
    assert "summitreader recover" in out.stderr and "tag rename may be half done" in out.stderr
    [aside] = tmp_path.glob("store.json.journal.corrupt-*")
    assert aside.read_bytes() == journal

    recovered = run("recover", *choice, "--db", str(db))
    assert recovered.returncode == 0, recovered.stderr
    assert f"the damaged tag rename journal is kept at {aside}" in recovered.stdout
    listed = run("list", str(GOMEZ), "--db", str(db))
    assert listed.returncode == 0 and "2 highlights" in listed.stdout
    assert run("tags", "--db", str(db)).stdout.split() == ["3", "#key"]


def test_a_rename_that_ran_out_of_room_never_blocks_reading(tmp_path):
    """Before: the failed `tags rename` left its journal, and from then on list, export and
    every other command failed with 'No space left on device' until a whole copy fitted;
    `recover` said 'nothing to recover'."""
    with small_disk(tmp_path / "disk", "2m") as disk:
        db = disk / "store.json"
        gomez, landau = load_source(GOMEZ), load_source(LANDAU)
        with Store(db) as store:
            store.insert_many(
                [(new_record(gomez, i, i + 40, ["key"], "n" * 200), gomez) for i in range(600)]
            )
            store.add(landau, 0, 10, ["key"])
        big = shard(db).stat().st_size
        assert big > 300_000
        filler = fill(disk, leave=60_000)

        out = run("tags", "rename", "key", "point", "--db", str(db))
        clean(out)
        assert out.returncode == 1 and "renaming #key to #point is not finished" in out.stderr
        assert "2 files of highlights still hold #key" in out.stderr
        assert f"needs about {big / 1000:.1f} KB free at once in {disk / 'store.annotations'}" in (
            out.stderr
        )
        for command in (["list", str(GOMEZ), str(LANDAU)], ["export", str(LANDAU)]):
            read = run(*command, "--db", str(db))
            clean(read)
            assert read.returncode == 0 and "renaming #key to #point is not finished" in read.stderr
        assert "600 highlights" in run("list", str(GOMEZ), "--db", str(db)).stdout
        still = run("recover", "--db", str(db))
        assert still.returncode == 0 and "is not finished" in still.stdout

        filler.unlink()
        done = run("recover", "--db", str(db))
        assert done.returncode == 0 and "finished renaming #key to #point" in done.stdout
        assert run("tags", "--db", str(db)).stdout.split() == ["601", "#point"]


def test_a_corrupt_text_file_found_on_a_full_disk_stays_visible(tmp_path):
    """Before: it was moved aside, the recovery note could not be written ('unexpected
    error: OSError: No space left on device'), and from then on `list` said 0 highlights
    and `recover` had nothing to recover."""
    with small_disk(tmp_path / "disk", "1m") as disk:
        db = disk / "store.json"
        seed(db)
        Store(db, backup="start").close()
        damaged = b'{"annotations": {"1": '
        shard(db).write_bytes(damaged)
        filler = fill(disk)
        for _ in range(2):  # and again: it is still there, still reported
            out = run("list", str(GOMEZ), "--db", str(db))
            clean(out)
            assert out.returncode == 1
            assert f"the store file {shard(db)} is not valid JSON" in out.stderr
            assert "It was left where it is, untouched" in out.stderr
            assert "Free some space, then run `summitreader recover`" in out.stderr
            assert shard(db).read_bytes() == damaged
            assert not list(shard(db).parent.glob("*.corrupt-*"))
        filler.unlink()
        done = run("recover", "--db", str(db))
        assert done.returncode == 0 and f"restored {shard(db)} from the backup" in done.stdout
        [aside] = shard(db).parent.glob("*.corrupt-*")
        assert aside.read_bytes() == damaged
        listed = run("list", str(GOMEZ), "--db", str(db))
        assert listed.returncode == 0 and "2 highlights" in listed.stdout


def test_an_open_store_never_writes_over_a_file_another_process_moved_aside(tmp_path):
    """Before: the open store (the app's) still had the text's highlights in memory, wrote
    its next highlight as a new file where the moved one had been, and `recover` then let
    that new file stand ('starts empty') instead of restoring the backup."""
    db = tmp_path / "store.json"
    seed(db)
    Store(db, backup="start").close()
    source = load_source(GOMEZ)
    app_store = Store(db)  # as the app holds it
    assert len(app_store.for_source(source)) == 2
    shard(db).write_bytes(b"{garbage")
    other = run("list", str(GOMEZ), "--db", str(db))  # another process finds it, moves it
    assert other.returncode == 1 and "moved aside" in other.stderr
    with pytest.raises(StoreCorrupt, match="moved aside"):
        app_store.add(source, 0, 5)
    with pytest.raises(StoreCorrupt, match="moved aside"):
        app_store.for_source(source)  # nor shows it as empty
    assert not shard(db).exists()
    done = run("recover", "--db", str(db))
    assert f"restored {shard(db)} from the backup" in done.stdout
    assert len(Store(db).for_source(source)) == 2


def test_start_ups_that_keep_failing_never_rotate_out_the_last_good_backup(tmp_path):
    """Before: each start-up's backup of the broken state pushed an older one out, and after
    five of them no good backup was left for `recover`."""
    db = tmp_path / "store.json"
    seed(db)
    Store(db, backup="start").close()
    [good] = Store(db).backups()
    edit_json(shard(db), ANNOTATION_DAMAGE["no position"])
    for _ in range(7):  # the app backs up after its first frame, then fails on the text
        Store(db, backup="start").close()
    kept = Store(db).backups()
    assert len(kept) == 6 and kept[-1] == good and good.is_good()
    assert not any(b.is_good() for b in kept[:5])
    assert "annotations/" in next(iter(kept[0].damaged()))

    shard(db).write_bytes(b"{broken")
    assert run("list", str(GOMEZ), "--db", str(db)).returncode == 1
    done = run("recover", "--db", str(db))
    assert f"restored {shard(db)} from the backup" in done.stdout
    restored = json.loads(shard(db).read_text(encoding="utf-8"))["annotations"]
    assert all("position" in r for r in restored.values()) and len(restored) == 2
    Store(db, backup="start").close()  # a good state again: the spare one can go now
    assert good not in Store(db).backups() and len(Store(db).backups()) == 5


def test_a_corrupt_text_file_when_the_app_opens_shows_the_recovery_screen(tmp_path):
    """Before: the library screen met the corrupt file and the app died with a Rich
    traceback (StoreCorrupt)."""
    db = tmp_path / "store.json"
    seed(db)
    Store(db, backup="start").close()
    shard(db).write_bytes(b'{"annotations": {"1": {"id"')
    app = app_on_a_terminal(db, GOMEZ, LANDAU)
    try:
        app.wait_for(b"annotation store")  # "The annotation store could not be read"
        app.quiet(0.3)
        app.press("r")  # restore the backup
        app.wait_for(b"Library")
        app.quiet(0.3)
        app.press("q")
        assert app.exit_code() == 0
    finally:
        app.close()
    assert b"Traceback" not in app.output and b"StoreCorrupt" not in app.output
    assert "2 highlights" in run("list", str(GOMEZ), "--db", str(db)).stdout


def test_the_app_says_when_records_were_set_aside(tmp_path):
    """Before: a highlight without a position gave a traceback (KeyError) in the reader."""
    db = tmp_path / "store.json"
    seed(db)
    edit_json(shard(db), ANNOTATION_DAMAGE["no position"])
    output = app_shows(db, b"damaged", GOMEZ)  # "1 damaged record was set aside …"
    assert b"Traceback" not in output and b"KeyError" not in output


def test_the_open_app_meets_a_file_moved_aside_with_the_recovery_screen(tmp_path):
    """Before: the app wrote its next highlight where the moved file had been."""
    db = tmp_path / "store.json"
    seed(db)
    Store(db, backup="start").close()
    app = app_on_a_terminal(db, GOMEZ)
    try:
        app.wait_for(b"Highlights")  # the reader, with its sidebar
        app.quiet(0.5)
        shard(db).write_bytes(b"{broken")
        assert run("list", str(GOMEZ), "--db", str(db)).returncode == 1  # moves it aside
        app.press("}")
        app.press("h")
        app.wait_for(b"annotation store")
        assert not shard(db).exists()  # nothing was written in its place
        app.quiet(0.3)
        app.press("r")
        app.wait_for(b"restored", timeout=10)
    finally:
        app.close()
    assert b"Traceback" not in app.output
    for _ in range(50):  # the app is closing as "restored" shows: give its files a moment
        if shard(db).exists():
            break
        time.sleep(0.1)
    assert len(json.loads(shard(db).read_text(encoding="utf-8"))["annotations"]) == 2


def test_a_file_gone_after_a_write_began_is_not_served_from_memory(tmp_path):
    """Found by the test above: after a write had begun (``verify``), a file another process
    moved away was still served from memory, because a missing file's signature (None) was
    the one ``verify`` left."""
    from summitreader.store.storage import AtomicJSONStorage

    path = tmp_path / "t.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"a": 1}}})
    assert storage.read() == {"t": {"1": {"a": 1}}}
    storage.verify()
    path.rename(tmp_path / "elsewhere.json")
    assert storage.read() is None


def test_a_journal_damaged_in_its_middle_is_repaired_by_recover_keeping_what_reads(tmp_path):
    """A whole journal line that is not a change stopped every command, and recover said
    there was nothing to recover: a dead end. Now recover keeps every line that reads."""
    db = tmp_path / "store.json"
    source = load_source(GOMEZ)
    words = ["Vietnam", "Singapore", "baseball", "Panmunjom", "Pyongyang"]
    with Store(db) as store:  # one process: each edit after the first is a journal line
        for word in words:
            at = source.text.index(word)
            store.add(source, at, at + len(word), ["t"])
    log = shard(db).with_name(shard(db).name + ".log")
    lines = log.read_bytes().split(b"\n")
    assert len(lines) >= 4, "the edits were not journalled"
    lines[2] = b"{not a change" + lines[2][13:]  # one whole line in the middle
    log.write_bytes(b"\n".join(lines))
    stopped = run("list", str(GOMEZ), "--db", str(db))
    assert stopped.returncode == 1 and "summitreader recover" in stopped.stderr
    recovered = run("recover", "--db", str(db))
    assert recovered.returncode == 0 and "journal was damaged" in recovered.stdout
    assert "1 that could not are lost" in recovered.stdout
    listed = run("list", str(GOMEZ), "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert f"{len(words) - 1} highlights" in listed.stdout  # only the damaged line's one
    assert list(log.parent.glob(log.name + ".damaged-*")), "the journal's bytes were not kept"


def test_a_text_first_annotated_after_the_restored_backup_is_listed_again(tmp_path):
    """Before: its highlights' file was there, but tags, search and the library missed it,
    and recover did not say so."""
    db = tmp_path / "store.json"
    out = run("annotate", str(GOMEZ), "--quote", "Trump", "--occurrence", "1", "--db", str(db))
    assert out.returncode == 0, out.stderr
    Store(db, backup="start").close()  # the backup knows Gomez only
    moved = tmp_path / "landau.txt"  # another text: a line more
    moved.write_bytes(LANDAU.read_bytes() + b"\nA closing line.\n")
    for path, tag in ((LANDAU, "after-backup"), (moved, "from-a-copy")):
        out = run(
            "annotate", str(path), "--quote", "phased approach", "--tag", tag, "--db", str(db)
        )
        assert out.returncode == 0, out.stderr
    moved.unlink()  # only the library's copy is left of this one
    db.write_text("{ broken", encoding="utf-8")
    assert run("list", "--db", str(db)).returncode == 1  # moved aside

    recovered = run("recover", "--db", str(db))
    clean(recovered)
    assert recovered.returncode == 0 and f"restored {db} from the backup" in recovered.stdout
    assert "listed again 2 text" in recovered.stdout and str(LANDAU) in recovered.stdout
    tags = run("tags", "--db", str(db))
    assert "after-backup" in tags.stdout and "from-a-copy" in tags.stdout
    found = run("search", "phased", "--db", str(db))
    assert found.returncode == 0 and "2 highlights" in found.stdout


@pytest.mark.parametrize("gone", ["deleted", "dangling link", "folder is a file"])
def test_a_file_of_highlights_gone_stops_an_export_from_striking_them_from_notes(tmp_path, gone):
    """Before: read as empty, so ``export -o`` removed every block of the text from the
    reader's notes ("0 highlights … 1 removed"), exit code 0."""
    db = tmp_path / "store.json"
    seed(db)
    notes = tmp_path / "notes.md"
    first = run("export", str(GOMEZ), "-o", str(notes), "--db", str(db))
    assert first.returncode == 0 and "2 new" in first.stderr
    assert run("list", "--db", str(db)).returncode == 0  # the counts are kept
    before = notes.read_bytes()
    file = shard(db)
    if gone == "deleted":
        file.unlink()
    elif gone == "dangling link":
        file.unlink()
        file.symlink_to(tmp_path / "nowhere.json")
    else:
        kept = tmp_path / "kept"
        file.parent.rename(kept)
        file.parent.write_text("not a folder")
    again = run("export", str(GOMEZ), "-o", str(notes), "--db", str(db))
    assert again.returncode == 1 and "unexpected" not in again.stderr
    if gone == "folder is a file":
        assert "store.annotations should be the store's folder of highlights" in again.stderr
        assert run("list", "--db", str(db)).returncode == 1
    else:
        assert "the file of 2 highlights is missing" in again.stderr
    assert notes.read_bytes() == before
