"""The installed command, run as a real subprocess."""

from __future__ import annotations

import os
import sys

import pytest
import yaml

from tests.support.cli import run
from tests.support.corpus import GOMEZ, LANDAU


def test_version_and_help():
    assert run("--version").stdout.startswith("summitreader ")
    out = run("--help")
    assert out.returncode == 0 and "export" in out.stdout and "SUMMITREADER_DB" in out.stdout


def test_bad_arguments_give_usage_and_exit_2():
    out = run("--bogus")
    assert out.returncode == 2 and "usage:" in out.stderr and "Traceback" not in out.stderr
    out = run("export", "--format", "docx")
    assert out.returncode == 2 and "invalid choice" in out.stderr
    out = run("annotate", str(GOMEZ), "--quote", "Kim", "--tag")  # once, for this command
    assert out.returncode == 2 and out.stderr.count("summitreader annotate") == 2
    assert out.stderr.count("usage:") == 1 and "summitreader export" not in out.stderr
    assert "summitreader annotate: error: argument --tag: expected one argument" in out.stderr


def test_list_defaults_to_the_bundled_corpus_from_any_directory(tmp_path):
    out = run("list", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "How to Prepare for a Third U.S.-North Korea Summit" in out.stdout
    assert "Emily B. Landau and Shimon Stein · 2019-05-02" in out.stdout
    assert "The Second Trump-Kim Summit: The Devil Is in the Details" in out.stdout
    assert "Eric Gomez · 2019-01-23" in out.stdout


def test_missing_and_binary_files_are_errors_without_traceback(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02")
    out = run("list", str(tmp_path / "nope.txt"), str(binary))
    assert out.returncode == 1
    assert "nope.txt: no such file" in out.stderr and "blob.txt: not a text file" in out.stderr
    assert "Traceback" not in out.stderr


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02")
    out = run("list", str(binary), str(GOMEZ))
    assert out.returncode == 0 and "Eric Gomez" in out.stdout and "blob.txt" in out.stderr


def test_export_to_stdout_and_to_a_file(tmp_path, isolated):
    from summitreader.sources.text import load_source
    from summitreader.store.store import Store
    from summitreader.text.document import Document

    doc = Document(load_source(GOMEZ))
    para = doc.passages.paragraphs[9]
    store = Store(os.environ["SUMMITREADER_DB"])
    store.add(doc.source, para.start, para.end, tags=["evidence"])
    store.close()

    out = run("export", str(GOMEZ))
    assert out.returncode == 0, out.stderr
    front = yaml.safe_load(out.stdout.split("---\n")[1])
    assert front["title"].startswith("The Second Trump-Kim Summit") and front["highlights"] == 1

    target = tmp_path / "notes" / "gomez.md"
    out = run("export", str(GOMEZ), "-o", str(target))
    assert out.returncode == 0 and str(target) in out.stderr
    assert target.read_text(encoding="utf-8") == run("export", str(GOMEZ)).stdout


def test_export_onto_another_texts_export_file_is_refused_unless_forced(tmp_path):
    target = tmp_path / "notes.md"
    assert run("export", str(GOMEZ), "-o", str(target)).returncode == 0
    target.write_text(target.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    before = target.read_bytes()
    out = run("export", str(LANDAU), "-o", str(target))
    assert out.returncode == 1 and "another text" in out.stderr and "--force" in out.stderr
    assert target.read_bytes() == before
    again = run("export", str(GOMEZ), "-o", str(target))  # its own text: updated in place
    assert again.returncode == 0 and "My own words." in target.read_text(encoding="utf-8")
    forced = run("export", str(LANDAU), "-o", str(target), "--force")
    assert forced.returncode == 0
    assert target.read_text(encoding="utf-8") == run("export", str(LANDAU)).stdout


def test_export_to_an_unwritable_path_exits_1(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = run("export", str(LANDAU), "-o", str(blocker / "out.md"))
    assert out.returncode == 1 and "cannot write" in out.stderr and "Traceback" not in out.stderr


def test_db_flag_and_corrupt_store_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ nope")
    out = run("list", "--db", str(bad))
    assert out.returncode == 1 and str(bad) in out.stderr and "Traceback" not in out.stderr
    [aside] = tmp_path.glob("bad.json.corrupt-*")
    assert aside.read_text() == "{ nope" and f"moved aside to {aside}" in out.stderr
    again = run("export", "--db", str(bad))  # every command refuses until it is dealt with
    assert again.returncode == 1 and "summitreader recover --empty" in again.stderr
    fixed = run("recover", "--db", str(bad), "--empty")
    assert fixed.returncode == 0 and "starts empty" in fixed.stdout
    assert run("list", "--db", str(bad)).returncode == 0
    assert aside.read_text() == "{ nope"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_sources_are_never_written(tmp_path):
    before = {p: p.read_bytes() for p in (GOMEZ, LANDAU)}
    run("export")
    run("list")
    assert {p: p.read_bytes() for p in (GOMEZ, LANDAU)} == before
    assert sorted(p.name for p in GOMEZ.parent.iterdir()) == sorted(
        ["gomez-second-summit.txt", "landau-stein-third-summit.txt"]
    )


def test_a_file_named_like_an_option_is_shown_how_to_be_named(tmp_path):
    (tmp_path / "-notes.md").write_text("Words.\n")
    out = run("add", "-notes.md", "--db", str(tmp_path / "s.json"), cwd=tmp_path)
    assert out.returncode == 2
    assert "for the file -notes.md, write ./-notes.md or -- -notes.md" in out.stderr
    added = run("add", "--db", str(tmp_path / "s.json"), "--", "-notes.md", cwd=tmp_path)
    assert added.returncode == 0 and "1 added" in added.stdout


def test_a_text_annotated_from_the_command_line_is_listed_with_its_title_and_author(tmp_path):
    """Before: the library listed it by its file name, "unknown author · no date", until
    it was opened in the app or added."""
    essay = tmp_path / "essay-file.md"
    essay.write_text(
        "---\ntitle: Rivers and Mills\nauthor: Ada Tester\ndate: 2020-05-01\n---\n\n"
        "The river ran past the mill.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "store" / "store.json")
    made = run("annotate", str(essay), "--quote", "past the mill", "--db", db)
    assert made.returncode == 0, made.stderr
    listed = run("list", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert "Rivers and Mills" in listed.stdout and "Ada Tester · 2020-05-01" in listed.stdout
    assert "unknown author" not in listed.stdout
