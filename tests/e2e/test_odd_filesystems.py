"""Read-only and odd file systems: a store that cannot be written is still read, and a lock
file or folder that is not what it should be gets a message naming it and what to do, never
'unexpected error', and nothing is created elsewhere. The read-only file system is a real
read-only bind mount (tests/filesystems.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from summitreader.cli import main
from tests.support.cli import EXE, run, run_forked_as_nobody
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.damage import ANNOTATION_DAMAGE, app_shows, clean, edit_json, seed, shard
from tests.support.filesystems import fill, read_only_view, small_disk


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_store_on_a_read_only_file_system_can_be_read(tmp_path):
    """Before: every command failed opening the lock for writing: 'unexpected error:
    OSError: [Errno 30] Read-only file system: …store.json.lock', and so did the app."""
    db = tmp_path / "store" / "store.json"
    seed(db)
    before = files_in(db.parent)
    with read_only_view(db.parent) as view:
        ro = view / "store.json"
        listed = run("list", str(GOMEZ), str(LANDAU), "--db", str(ro))
        clean(listed)
        assert listed.returncode == 0 and "2 highlights" in listed.stdout
        assert f"the store {ro} is on a read-only file system: it is opened read-only" in (
            listed.stderr
        )
        exported = run("export", str(GOMEZ), "--db", str(ro))
        assert exported.returncode == 0 and "highlights: 2" in exported.stdout
        found = run("search", "kim", str(GOMEZ), "--db", str(ro))
        assert found.returncode == 0 and "1 highlight" in found.stdout
        refused = run(
            "annotate", str(GOMEZ), "--quote", "Vietnam", "--occurrence", "1", "--db", str(ro)
        )
        clean(refused)
        assert refused.returncode == 1 and "is on a read-only file system: nothing can be" in (
            refused.stderr
        )
        assert b"Traceback" not in app_shows(ro, b"read-only", GOMEZ)  # the app says so
    assert files_in(db.parent) == before


def test_a_store_on_a_full_disk_can_still_be_read(tmp_path):
    """Before: after a first highlight, list, search, tags and export all failed on a full
    disk, "cannot write the store ...: No space left on device": the library's first-run
    seeding was still to be written, and its write stopped every command."""
    with small_disk(tmp_path / "disk", "2m") as disk:
        db = str(disk / "store.json")
        made = run("annotate", str(GOMEZ), "--quote", "Vietnam", "--occurrence", "1", "--db", db)
        assert made.returncode == 0, made.stderr
        fill(disk)
        for args in (["list"], ["search", "Vietnam"], ["tags"], ["export", "-o", "-"]):
            done = run(*args, "--db", db)
            assert done.returncode == 0, (args, done.stderr)
            assert "Vietnam" in done.stdout or "1 highlight" in done.stdout or args == ["tags"]
            assert "Traceback" not in done.stderr and "No space left" not in done.stderr
        refused = run(
            "annotate", str(GOMEZ), "--quote", "Singapore", "--occurrence", "1", "--db", db
        )
        assert refused.returncode == 1 and "No space left on device" in refused.stderr


def test_damage_on_a_read_only_file_system_is_reported_and_left_in_place(tmp_path):
    db = tmp_path / "store" / "store.json"
    seed(db)
    edit_json(shard(db), ANNOTATION_DAMAGE["tags null"])
    shard(db, LANDAU).write_bytes(b"{broken")
    before = files_in(db.parent)
    with read_only_view(db.parent) as view:
        ro = view / "store.json"
        out = run("list", str(GOMEZ), "--db", str(ro))
        clean(out)
        assert out.returncode == 0 and "1 highlight\n" in out.stdout
        assert "1 damaged record was left out (the first: annotations/" in out.stderr
        broken = run("list", str(LANDAU), "--db", str(ro))
        clean(broken)
        assert broken.returncode == 1 and "is not valid JSON" in broken.stderr
        assert "so the file was left where it is" in broken.stderr
    assert files_in(db.parent) == before


def test_a_lock_file_that_is_a_folder_gets_a_message(tmp_path):
    """Before: 'unexpected error: IsADirectoryError' from every command, recover too."""
    db = tmp_path / "store.json"
    seed(db)
    lock = tmp_path / "store.json.lock"
    lock.unlink()
    lock.mkdir()
    for command in (["list", str(GOMEZ)], ["recover"]):
        out = run(*command, "--db", str(db))
        clean(out)
        assert out.returncode == 1
        assert f"the lock file {lock} is a folder" in out.stderr and "rmdir" in out.stderr


@pytest.mark.parametrize("target_exists", [False, True], ids=["dangling", "to-a-file"])
def test_a_lock_file_that_is_a_link_gets_a_message_and_nothing_is_made(tmp_path, target_exists):
    """Before: the lock was opened through the link, creating its target elsewhere."""
    db = tmp_path / "store" / "store.json"
    seed(db)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "made-by-the-lock"
    if target_exists:
        target.write_text("someone's file\n", encoding="utf-8")
    lock = db.parent / "store.json.lock"
    lock.unlink()
    lock.symlink_to(target)
    out = run("list", str(GOMEZ), "--db", str(db))
    clean(out)
    assert out.returncode == 1 and f"the lock file {lock} is a symbolic link" in out.stderr
    assert f"rm '{lock}'" in out.stderr
    made = sorted(p.name for p in elsewhere.iterdir())
    assert made == (["made-by-the-lock"] if target_exists else [])
    if target_exists:
        assert target.read_text(encoding="utf-8") == "someone's file\n"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and users")
def test_an_unreadable_annotations_folder_gets_a_message(tmp_path):
    """Before (as a user who cannot read it): 'unexpected error: PermissionError'."""
    folder = Path(tempfile.mkdtemp(prefix="summitreader-perm-"))  # reachable by 'nobody'
    folder.chmod(0o777)
    db = folder / "store.json"
    seed(db)
    main(["list", str(GOMEZ), "--db", str(tmp_path / "warm.json")])  # imports, as root
    for p in [folder, *folder.rglob("*")]:
        os.chown(p, 65534, 65534)
    shards = folder / "store.annotations"
    shards.chmod(0)
    code, err = run_forked_as_nobody(["list", "--db", str(db), str(GOMEZ)])
    assert code == 1, err
    assert f"cannot read the folder {shards}: permission denied" in err
    assert f"chmod u+rwx '{shards}'" in err and "unexpected" not in err
    shutil.rmtree(folder)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/full", "/dev/null"])
@pytest.mark.parametrize("extra", [[], ["--force"], ["--format", "w3c"]])
def test_an_export_to_a_device_is_refused_and_leaves_it_as_it_is(tmp_path, device, extra):
    """Before: /dev/zero and /dev/full were read for ever (gigabytes of memory), and with
    --force the device node was renamed over by a file."""
    before = os.stat(device)
    out = run("export", str(GOMEZ), "-o", device, *extra, "--db", str(tmp_path / "s.json"))
    assert out.returncode == 1
    assert f"cannot write {device}: it is a device, not a file" in out.stderr
    after = os.stat(device)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_named_pipe_is_neither_read_nor_waited_on(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    exported = run("export", str(GOMEZ), "-o", str(fifo), "--db", str(tmp_path / "s.json"))
    assert exported.returncode == 1 and "it is a named pipe, not a file" in exported.stderr
    imported = run("import", str(fifo), "--db", str(tmp_path / "s.json"))
    assert imported.returncode == 1 and "a named pipe, not a text file" in imported.stderr
    templated = run("export", str(GOMEZ), "--template", str(fifo))
    assert templated.returncode == 1 and "a named pipe" in templated.stderr


def test_dash_as_the_output_is_standard_output(tmp_path):
    out = run("export", str(GOMEZ), "-o", "-", "--db", str(tmp_path / "s.json"), cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.startswith("---\ntitle:")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("content", ["", "   \n\n  ", "<!-- only a comment -->"])
def test_an_empty_web_page_gets_one_line_and_no_traceback(tmp_path, content):
    """Before: readability's logged traceback for an empty page, or 'unexpected error:
    ParserError: Document is empty' for one of spaces or a comment."""
    page = tmp_path / "empty.html"
    page.write_text(content)
    out = run("add", str(page), "--db", str(tmp_path / "s.json"))
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"summitreader: {page}: no article text found (the page holds only navigation, "
        "links or too little text)"
    ]


@pytest.mark.parametrize("command", ["open", "annotate", "export", "add"])
def test_a_link_that_loops_is_named_as_such(tmp_path, command):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    extra = ["--quote", "x"] if command == "annotate" else []
    out = run(command, str(tmp_path / "a.md"), *extra, "--db", str(tmp_path / "s.json"))
    assert out.returncode == 1 and "unexpected" not in out.stderr
    assert "loop" in out.stderr


def test_standard_output_on_a_full_disk_is_said_so(tmp_path):
    with open("/dev/full", "w") as full:
        out = subprocess.run(
            [str(EXE), "export", str(GOMEZ), "--db", str(tmp_path / "s.json")],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert out.returncode == 1
    assert "no space is left where it goes" in out.stderr and "unexpected" not in out.stderr


def test_an_out_dir_that_is_a_file_is_said_so(tmp_path):
    target = tmp_path / "notes"
    target.write_text("my own file")
    out = run("export", str(GOMEZ), "--out-dir", str(target), "--db", str(tmp_path / "s.json"))
    assert out.returncode == 1
    assert f"cannot export to {target}: it is a file, not a folder" in out.stderr
    assert target.read_text() == "my own file"


@pytest.mark.parametrize("address", ["ftp://127.0.0.1/x", "file:///etc/hostname"])
def test_an_address_that_is_not_the_webs_is_named_as_such(tmp_path, address):
    """Before: ftp://127.0.0.1/x was read as a path, 'ftp:/127.0.0.1/x: no such file'."""
    out = run("add", address, "--db", str(tmp_path / "s.json"))
    assert out.returncode == 1
    assert f"{address}: not a web address (it must start with http:// or https://)" in out.stderr
