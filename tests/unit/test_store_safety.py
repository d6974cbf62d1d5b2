"""Corrupt and unreadable stores, backups, migrations and two handles on one store: real files."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from summitreader.errors import StoreConflict, StoreCorrupt, StoreError
from summitreader.sources.text import load_source
from summitreader.store import backups
from summitreader.store.repair import recover
from summitreader.store.store import SCHEMA_VERSION, Store
from summitreader.text.document import Document
from tests.support.cli import run_forked_as_nobody
from tests.support.corpus import GOMEZ, LANDAU

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def doc():
    return Document(load_source(GOMEZ))


def corrupt_files(folder, name):
    return sorted(p for p in folder.iterdir() if p.name.startswith(name + ".corrupt-"))


@pytest.mark.parametrize(
    "content", [b"", b"   \n", b'{"meta": {"1": {"schema_ver', b"\x00\xff garbage", b"[1, 2]"]
)
def test_corrupt_index_is_moved_aside_and_the_backup_offered(tmp_path, doc, content):
    path = tmp_path / "store.json"
    s = Store(path)
    kept = s.add(doc.source, 0, 10, tags=["kept"])
    s.close()
    Store(path, backup="start").close()  # as the app does at start-up
    path.write_bytes(content)

    with pytest.raises(StoreCorrupt) as err:
        Store(path)
    message = str(err.value)
    [aside] = corrupt_files(tmp_path, "store.json")
    assert str(path) in message and str(aside) in message
    assert "backup" in message and "summitreader recover" in message
    # the recovery screen offers the choices itself: what it shows says only what happened
    what = err.value.what
    assert str(aside) in what and "summitreader recover" not in what and "open" not in what
    assert aside.read_bytes() == content  # moved, byte for byte, never overwritten
    assert not path.exists()

    with pytest.raises(StoreCorrupt):  # until someone decides, nothing starts over it
        Store(path)
    done = recover(path)
    assert any("restored" in line for line in done)
    again = Store(path)
    assert again.get(kept["id"])["tags"] == ["kept"]
    assert aside.read_bytes() == content


def test_corrupt_annotation_file_is_moved_aside_too(tmp_path, doc):
    path = tmp_path / "store.json"
    s = Store(path)
    s.add(doc.source, 0, 10)
    s.backup("start")
    shard = s.shard_dir / f"{doc.source.sha256}.json"
    s.close()
    shard.write_bytes(shard.read_bytes()[:20])  # truncated, as by a crash without our storage

    s = Store(path)
    with pytest.raises(StoreCorrupt, match=str(shard)):
        s.for_source(doc.source)
    assert corrupt_files(s.shard_dir, shard.name)
    s.close()
    recover(path)
    assert len(Store(path).for_source(doc.source)) == 1


def test_recover_empty_without_backups_keeps_the_bad_file(tmp_path):
    path = tmp_path / "store.json"
    path.write_bytes(b"{oops")
    with pytest.raises(StoreCorrupt, match="no good backup"):
        Store(path)
    assert recover(path, empty=True)[0].endswith("starts empty")
    assert Store(path).schema_version == SCHEMA_VERSION
    assert corrupt_files(tmp_path, "store.json")[0].read_bytes() == b"{oops"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and users")
def test_unreadable_store_gets_a_clear_message_and_is_left_alone(doc):
    folder = Path(tempfile.mkdtemp(prefix="summitreader-perm-"))  # reachable by 'nobody'
    folder.chmod(0o777)
    path = folder / "store.json"
    Store(path).close()
    path.chmod(0)
    Path(str(path) + ".lock").chmod(0o666)  # only the store itself is unreadable here
    before = path.read_bytes()
    code, err = run_forked_as_nobody(["list", "--db", str(path), str(GOMEZ)])
    assert code == 1, err
    assert f"cannot read the store file {path}: permission denied" in err
    assert "chmod" in err and "Traceback" not in err
    assert path.read_bytes() == before and not corrupt_files(folder, "store.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0
    shutil.rmtree(folder)


def test_backups_rotate_and_hold_the_data_of_their_moment(tmp_path, doc):
    path = tmp_path / "store.json"
    s = Store(path)
    first = s.add(doc.source, 0, 10)
    s.close()
    for _ in range(7):
        Store(path, backup="start").close()
    s = Store(path)
    s.delete(first["id"])
    backups = s.backups()
    assert len(backups) == 5
    newest = backups[0].path / "annotations" / f"{doc.source.sha256}.json"
    assert first["id"] in newest.read_text(encoding="utf-8")  # later writes did not reach it


def test_a_version_1_store_is_migrated_after_a_backup(tmp_path):
    path = tmp_path / "store.json"
    shutil.copy(FIXTURES / "store-v1.json", path)
    v1 = json.loads(path.read_text(encoding="utf-8"))
    s = Store(path)
    assert s.schema_version == SCHEMA_VERSION == 3
    by_source: dict[str, set[str]] = {}
    for r in v1["annotations"].values():
        by_source.setdefault(r["source_id"], set()).add(r["id"])
    assert len(by_source) == 2
    for source_id, ids in by_source.items():
        assert {r["id"] for r in s.annotations(source_id)} == ids
        assert s.reading_state(source_id)[0] > 0
    assert s.all_tags() == ["evidence", "key", "method"]
    assert {r["id"] for r in s.all_sources()} == set(by_source)
    for source in s.all_sources():  # v3: the library (both were read, so: reading)
        assert source["paths"] == [source["path"]] and source["status"] == "reading"
    [backup] = s.backups()
    assert backup.name.endswith(f"before-v{SCHEMA_VERSION}")
    assert json.loads((backup.path / "index.json").read_text()) == v1
    assert "annotations" not in json.loads(path.read_text(encoding="utf-8"))
    s.close()
    Store(path).close()  # opening again migrates nothing and backs up nothing
    assert len(Store(path).backups()) == 1


def test_a_file_that_moved_keeps_its_highlights(tmp_path, doc):
    s = Store(tmp_path / "store.json")
    rec = s.add(doc.source, 0, 10)
    moved = tmp_path / "elsewhere" / "renamed.txt"
    moved.parent.mkdir()
    shutil.copy(GOMEZ, moved)
    [found] = s.for_source(load_source(moved))
    assert found["id"] == rec["id"] and found["anchor"] == "anchored"


def test_two_handles_merge_tags_and_refuse_stale_notes(tmp_path, doc):
    one = Store(tmp_path / "store.json")
    two = Store(tmp_path / "store.json")
    rec = one.add(doc.source, 0, 10, tags=["a"])
    one.update(rec["id"], add_tags=["from-one"])
    two.update(rec["id"], add_tags=["from-two"], remove_tags=["a"])
    assert one.get(rec["id"])["tags"] == ["from-one", "from-two"]

    seen = one.get(rec["id"])
    two.update(rec["id"], note="written in window two", expect_modified=seen["modified"])
    with pytest.raises(StoreConflict, match="another window"):
        one.update(rec["id"], note="window one's stale edit", expect_modified=seen["modified"])
    assert two.get(rec["id"])["note"] == "written in window two"


def test_lock_held_elsewhere_gives_a_clear_error(tmp_path, doc):
    path = tmp_path / "store.json"
    s = Store(path, lock_timeout=0.2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from summitreader.store.locking import FileLock;"
            " FileLock(sys.argv[1], timeout=1).acquire();"
            " print('held', flush=True); time.sleep(30)",
            str(path) + ".lock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="locked by another process"):
            s.add(doc.source, 0, 5)
    finally:
        holder.kill()
        holder.wait()
    assert s.add(doc.source, 0, 5)["id"]  # free again once the other process is gone


def test_count_for_includes_highlights_about_to_follow(tmp_path):
    path = tmp_path / "a.txt"
    shutil.copy(LANDAU, path)
    s = Store(tmp_path / "store.json")
    old = load_source(path)
    s.add(old, 0, 20)
    path.write_text("New opening line.\n\n" + old.text, encoding="utf-8")
    assert s.count_for(load_source(path)) == 1


def test_a_file_replaced_meanwhile_is_not_moved_aside(tmp_path, doc):
    """Quarantine looks again under the lock: a file another process has just replaced
    with good data stays where it is, and no recovery is demanded."""
    s = Store(tmp_path / "store.json")
    s.add(doc.source, 0, 10)
    shard = s.shard_dir / f"{doc.source.sha256}.json"
    s._quarantine(f"annotations/{shard.name}", shard, StoreCorrupt("stale complaint"))
    assert shard.exists() and not corrupt_files(s.shard_dir, shard.name)
    assert not s.recovery_path.exists()
    assert len(s.for_source(doc.source)) == 1


def test_a_change_the_file_signature_cannot_see_is_still_not_overwritten(tmp_path, doc):
    """Under the lock the store compares the file's bytes, not its inode, size and mtime:
    a same-size write within one timestamp tick on a reused inode looks unchanged."""
    path = tmp_path / "store.json"
    one = Store(path)
    first = one.add(doc.source, 0, 10, tags=["aaaa"])
    second = one.add(doc.source, 20, 30)
    one.backup("now")  # the file written whole, its journal gone: as another writer leaves it
    [shard] = (tmp_path / "store.annotations").glob("*.json")
    before = shard.stat()
    raw = shard.read_bytes()
    assert raw.count(b'"aaaa"') == 1
    with open(shard, "r+b") as fh:  # another writer: same inode, same size, same mtime
        fh.write(raw.replace(b'"aaaa"', b'"bbbb"'))
    os.utime(shard, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert shard.stat().st_ino == before.st_ino and shard.stat().st_size == before.st_size

    one.update(second["id"], note="from one")
    assert one.get(first["id"])["tags"] == ["bbbb"]  # the other writer's change survived
    assert one.get(second["id"])["note"] == "from one"
    again = Store(path)
    assert again.get(first["id"])["tags"] == ["bbbb"]


def test_text_that_cannot_be_stored_is_refused_and_the_store_goes_on(tmp_path, doc):
    """A lone surrogate (undecodable bytes in argv become one) cannot be UTF-8: the edit is
    refused with a message, and what TinyDB had already changed in memory is dropped."""
    path = tmp_path / "store.json"
    store = Store(path)
    record = store.add(doc.source, 0, 10)
    with pytest.raises(StoreError, match="cannot store this text"):
        store.update(record["id"], note="bad \udcff byte")
    assert store.get(record["id"])["note"] == ""
    store.update(record["id"], note="good")
    assert Store(path).get(record["id"])["note"] == "good"


def test_a_stored_span_that_does_not_hold_its_quote_is_not_called_anchored(tmp_path, doc):
    """Edited by hand: past the end of the text, or over other words."""
    s = Store(tmp_path / "store.json")
    text = doc.source.text
    past = s.add(doc.source, 10, 40)
    s.update(past["id"], position={"start": len(text) - 5, "end": len(text) + 25})
    elsewhere = s.add(doc.source, 100, 120)
    s.update(elsewhere["id"], position={"start": 300, "end": 320})
    kept = s.add(doc.source, 500, 520)
    by_id = {r["id"]: r for r in s.for_source(doc.source)}
    assert by_id[kept["id"]]["anchor"] == "anchored"
    for record in (past, elsewhere):
        again = by_id[record["id"]]
        start, end = again["position"]["start"], again["position"]["end"]
        assert again["anchor"] != "anchored" or (start, end) == (
            record["position"]["start"],
            record["position"]["end"],
        )
        if again["anchor"] != "orphaned":
            assert text[start:end] == again["quote"]["exact"] == record["quote"]["exact"]
    s.close()


def test_backup_names_sort_as_the_backups_were_made_across_a_second() -> None:
    """A CI run lost the last good backup: a start-up's backup read the clock's second
    just before a second ended and its nanoseconds just after, and sorted oldest."""
    second = 1_796_319_999 * 1_000_000_000
    made = [second - 2, second - 1, second, second + 1_762_588, second + 999_999_999]
    names = [backups.backup_name(ns, "start") for ns in made]
    assert sorted(names) == names
    stamps = [name.split("-")[0] for name in names]
    assert stamps[0] == stamps[1] != stamps[2] == stamps[3] == stamps[4]  # a second ended
    assert [name.split("-")[1] for name in names[2:4]] == ["000000000", "001762588"]
    assert [backups.made_ns(name) for name in names] == made  # read back from the name


def test_a_clock_set_back_between_backups_cannot_make_the_newest_sort_oldest(
    tmp_path, monkeypatch
) -> None:
    """Rotation trusts the names' order. A clock stepped back (NTP on a virtual machine,
    or by hand) between two backups made the later one sort older: with a store broken
    since, rotation kept five broken backups and dropped the good one."""
    import time

    store_file = tmp_path / "store.json"
    store_file.write_text('{"_default": {}}', encoding="utf-8")
    folder = tmp_path / "backups"
    clock = iter([2_000_000_000 * 10**9, 1_999_999_000 * 10**9, 1_999_999_000 * 10**9])
    monkeypatch.setattr(time, "time_ns", lambda: next(clock))
    made = []
    for n in range(3):
        store_file.write_text(f'{{"_default": {{"1": {{"n": {n}}}}}}}', encoding="utf-8")
        made.append(backups.snapshot({"index.json": store_file}, folder, "start"))
    assert [b.path for b in backups.backups(folder)] == made[::-1]  # newest first
