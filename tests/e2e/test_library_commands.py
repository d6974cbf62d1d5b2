"""The library through the installed command: add, list, export and search with no PATH,
forget, search --text, and web pages fetched from a real server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.support.cli import EXE, run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.http_server import Route, serve
from tests.support.web_pages import BOILERPLATE, PARAGRAPHS, article_page


def own_article(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "essay.md"
    path.write_text(
        "# Notes On Deterrence\n\nBy Jane Roe\n\n2026-11-30\n\n"
        "Deterrence rests on a credible threat.\n\nA second paragraph about verification.\n",
        encoding="utf-8",
    )
    return path


def test_commands_with_no_path_act_on_the_whole_library(tmp_path):
    essay = own_article(tmp_path)
    added = run("add", str(essay.parent))
    assert added.returncode == 0 and "1 added" in added.stdout
    listed = run("list")
    assert "Notes On Deterrence" in listed.stdout and "Eric Gomez" in listed.stdout  # + samples
    assert (
        run("annotate", str(essay), "--quote", "a credible threat", "--tag", "key").returncode == 0
    )
    essay.unlink()  # deleted between: its highlights still export, from the library's copy
    exported = run("export")
    assert exported.returncode == 0, exported.stderr
    assert "> a credible threat" in exported.stdout
    front = yaml.safe_load(exported.stdout.split("---\n")[1])
    assert front["highlights"] == 1 and front["source"] == essay.as_uri()
    assert "a credible threat" in run("search", "credible").stdout
    assert f"{essay} (the file is gone: the library's copy is read)" in run("list").stdout
    assert run("tags").stdout.split() == ["1", "#key"]
    stats = run("stats")
    assert "1 highlight in 1 of 3 documents" in stats.stdout


def test_add_counts_what_it_added_and_groups_what_it_skipped(tmp_path):
    folder = tmp_path / "pile"
    (folder / "sub").mkdir(parents=True)
    essay = own_article(tmp_path)
    shutil.copy(essay, folder / "sub" / "essay.md")
    shutil.copy(essay, folder / "again.md")  # the same text twice: one document
    (folder / "blob.txt").write_bytes(b"\x00\x01")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    done = run("add", str(folder))
    assert done.returncode == 0
    assert "1 added, 1 already in the library" in done.stdout
    assert (
        "1 skipped (binary data, not text)" in done.stdout
        and "1 skipped (unsupported type" in done.stdout
    )
    assert "blob.txt" in done.stderr and "image.png" in done.stderr
    (tmp_path / "empty").mkdir()
    nothing = run("add", str(tmp_path / "empty"))
    assert nothing.returncode == 1 and "no file to add in" in nothing.stderr


def test_forget_takes_a_document_out_and_keeps_its_highlights(tmp_path):
    run("add", str(GOMEZ), str(LANDAU))
    run("annotate", str(GOMEZ), "--quote", "most likely in Vietnam")
    done = run("forget", str(GOMEZ))
    assert done.returncode == 0 and "kept in the store" in done.stdout
    assert "Eric Gomez" not in run("list").stdout
    assert "1 highlight" in run("list", str(GOMEZ)).stdout  # still in the store


def test_search_text_finds_words_in_every_document(tmp_path):
    essay = own_article(tmp_path)
    run("add", str(essay))
    found = run("search", "--text", "verification")
    assert found.returncode == 0 and "Notes On Deterrence" in found.stdout
    assert "[verification]" in found.stdout and "1 match in 1 document" in found.stdout
    missing = run("search", "--text", "zeppelin")
    assert missing.returncode == 1 and "no document holds" in missing.stderr


def test_search_text_shows_a_markdown_text_as_the_reader_shows_it(tmp_path):
    """Before: the context was the Markdown source (``**``, ``[^1]``, link addresses), and
    a word only a link's address held was a match with nothing to read."""
    essay = tmp_path / "treaty.md"
    essay.write_text(
        "# Treaty Notes\n\nThe treaty was **signed** in 1987[^1] and then "
        "[ratified](https://example.org/ratify-it) by both.\n\n"
        "[^1]: See the archive for the text.\n",
        encoding="utf-8",
    )
    run("add", str(essay))
    found = run("search", "--text", "signed")
    assert found.returncode == 0, found.stderr
    line = next(ln for ln in found.stdout.splitlines() if "[signed]" in ln)
    assert "The treaty was [signed] in 1987" in line and "and then ratified by both" in line
    for syntax in ("**", "[^1]", "https://", "]("):
        assert syntax not in line
    only_in_address = run("search", "--text", "ratify-it")
    assert only_in_address.returncode == 1 and "no document holds" in only_in_address.stderr


def test_a_text_has_one_word_count_whether_listed_alone_or_in_the_library(tmp_path):
    """Before: ``list FILE`` counted the words as laid out and the library the words of
    the file, so the same Markdown text had two counts."""
    import re

    essay = tmp_path / "counted.md"
    essay.write_text(
        "---\ntitle: Counted Words\nauthor: A. Writer\n---\n\n# Counted Words\n\n"
        "Some [linked words](https://example.org/a/long/address) and *more* of them.\n\n"
        "- one item\n- two items\n\n```\ncode = here\n```\n",
        encoding="utf-8",
    )
    run("add", str(essay))

    def count(out: str) -> str:
        block = out[: out.index(str(essay))]
        return re.findall(r"(\d+) words", block.split("Counted Words")[-1])[0]

    assert count(run("list", str(essay)).stdout) == count(run("list").stdout)


def test_a_plain_text_on_the_web_is_listed_by_its_address(tmp_path):
    """Before: by the library's copy of it (``…/store.snapshots/4ff9…``)."""
    with serve() as server:
        url = server.add("/notes.txt", Route(b"Plain words.\n", content_type="text/plain"))
        added = run("add", url)
        assert added.returncode == 0 and "1 added" in added.stdout, added.stderr
    listed = run("list").stdout
    assert url in listed and "store.snapshots" not in listed


def test_a_password_in_a_url_is_used_and_never_kept(tmp_path):
    with serve() as server:
        url = server.add("/article.html", Route(article_page().encode()))
        secret = url.replace("http://", "http://reader:hunter2@")
        added = run("add", secret)
        assert added.returncode == 0 and "1 added" in added.stdout, added.stderr
    listed = run("list").stdout
    assert url in listed and "hunter2" not in listed
    store_files = [p for p in Path(os.environ["SUMMITREADER_DB"]).parent.rglob("*") if p.is_file()]
    assert not any(b"hunter2" in p.read_bytes() for p in store_files)


def test_a_web_page_is_added_converted_once_and_refreshed(tmp_path):
    with serve() as server:
        url = server.add("/article.html", Route(article_page().encode()))
        added = run("add", url)
        assert added.returncode == 0 and "1 added" in added.stdout, added.stderr
        listed = run("list")
        assert url in listed.stdout
        exported = run("export")  # nothing highlighted yet: the first document says so
        assert exported.returncode == 0
        text = run("search", "--text", PARAGRAPHS[0].split()[3]).stdout
        assert url in text
        assert run("refresh", url).stdout.strip().endswith("unchanged")
        changed = article_page().replace(PARAGRAPHS[0], "A paragraph written since.")
        server.add("/article.html", Route(changed.encode()))
        assert "a new version" in run("refresh", url).stdout
        assert server.requests  # fetched for real
        missing = run("add", server.url("/nope.html"))
        assert missing.returncode == 1 and "404" in missing.stderr


def test_a_page_on_standard_input_is_added_with_its_address(tmp_path):
    page = article_page().encode()
    done = subprocess.run(
        [str(EXE), "add", "-", "--url", "https://example.org/article"],
        input=page,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and b"1 added" in done.stdout, done.stderr
    listed = run("list").stdout
    assert "https://example.org/article" in listed
    for junk in BOILERPLATE:
        assert junk not in run("search", "--text", junk).stdout


def test_a_folder_with_no_text_in_it_is_named_as_such(tmp_path):
    """Before: ``list EMPTY`` said only "no readable documents", as if the folder were not
    there or held something broken."""
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    for command in (["list"], ["export"], []):
        out = run(*command, str(empty))
        assert out.returncode == 1
        assert f"{empty}: the folder holds no text, page or book" in out.stderr, command


def test_search_without_a_query_names_only_the_query_as_missing():
    """Before: "the following arguments are required: QUERY, PATH" (PATH is optional)."""
    out = run("search")
    assert out.returncode == 2
    assert "required: QUERY" in out.stderr and "PATH" not in out.stderr.splitlines()[-1]
