"""The installed command and the app updating exported files in place: export, write your
own lines into the file, highlight more, export again, and find your lines intact."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml

from tests.support.cli import run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.export_checks import well_formed
from tests.support.terminal import Terminal, env_for

MINE = "My own reading of this, with [[Negotiation]] and #my-tag.\n"
CLOSING = "\n## What I make of it\n\nThe summit needs a base hit, not a grand slam.\n"


def test_out_dir_export_keeps_the_users_lines_and_adds_the_new_highlight(tmp_path):
    out = tmp_path / "notes"
    run("annotate", str(GOMEZ), "--quote", "To borrow from baseball", "--tag", "key-point")
    first = run("export", str(GOMEZ), "--out-dir", str(out))
    assert first.returncode == 0, first.stderr
    [path] = out.glob("*.md")
    text = path.read_text(encoding="utf-8")
    end = re.search(r"<!-- /summitreader:[0-9a-f]{8} -->\n", text)
    assert end is not None
    path.write_text(text[: end.end()] + MINE + text[end.end() :] + CLOSING, encoding="utf-8")

    run("annotate", str(GOMEZ), "--quote", "Trump should also be prepared", "--note", "_see_ x")
    again = run("export", str(GOMEZ), "--out-dir", str(out))
    assert again.returncode == 0, again.stderr
    assert "exported 2 highlights to 1 file, 1 new" in again.stderr
    after = path.read_text(encoding="utf-8")
    assert MINE in after and after.endswith(CLOSING)
    assert after.index(MINE) < after.index("> Trump should also be prepared")
    assert "_see_ x" in after  # a note is written as typed
    front = yaml.safe_load(after.split("---\n")[1])
    assert front["highlights"] == 2 and front["source"] == GOMEZ.resolve().as_uri()

    same = run("export", str(GOMEZ), "--out-dir", str(out))
    assert "1 unchanged" in same.stderr and path.read_text(encoding="utf-8") == after


def test_a_file_of_the_users_is_refused_with_a_message_naming_force(tmp_path):
    target = tmp_path / "reading.md"
    target.write_text("# My reading list\n", encoding="utf-8")
    run("annotate", str(GOMEZ), "--quote", "To borrow from baseball")
    refused = run("export", str(GOMEZ), "-o", str(target))
    assert refused.returncode == 1
    assert "was not written by summitreader" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert target.read_text(encoding="utf-8") == "# My reading list\n"
    forced = run("export", str(GOMEZ), "-o", str(target), "--force")
    assert forced.returncode == 0 and "summitreader: 1" in target.read_text(encoding="utf-8")


def test_two_documents_named_alike_and_one_named_twice(tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    twin = copy / "gomez-edited.txt"
    twin.write_text(GOMEZ.read_text(encoding="utf-8") + "\nA closing line of my own.\n")
    for path in (GOMEZ, twin, LANDAU):
        run("annotate", str(path), "--quote", "Kim", "--occurrence", "1")
    out = tmp_path / "notes"
    result = run("export", str(GOMEZ), str(twin), str(GOMEZ), str(LANDAU), "--out-dir", str(out))
    assert result.returncode == 0, result.stderr
    assert "exported 3 highlights to 3 files" in result.stderr
    names = sorted(p.name for p in out.glob("*.md"))
    assert len(names) == 3
    assert "the-second-trump-kim-summit-the-devil-is-in-the-details.md" in names
    assert any(re.fullmatch(r"the-second-trump-kim-summit-.*-[0-9a-f]{8}\.md", n) for n in names)


def test_logseq_and_commonmark_flavors_from_the_command_line(tmp_path):
    run("annotate", str(GOMEZ), "--quote", "To borrow from baseball", "--tag", "key-point")
    logseq = run("export", str(GOMEZ), "--flavor", "logseq").stdout
    assert "\n- > To borrow from baseball\n  id:: " in logseq and "tags:: key-point\n" in logseq
    plain = run("export", str(GOMEZ), "--flavor", "commonmark").stdout
    assert "> To borrow from baseball" in plain and "\n^" not in plain
    (tmp_path / "config.toml").write_text('[export]\nflavor = "logseq"\n', encoding="utf-8")
    assert run("export", str(GOMEZ)).stdout == logseq
    assert "export.flavor = logseq" in run("config").stdout


# -- in the app, in a real terminal ---------------------------------------------------


def _need_tmux() -> None:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            raise RuntimeError("tmux is required for the end-to-end tests in CI")
        pytest.skip("tmux is not installed")


def _export_in_app(term: Terminal, env: dict[str, str], keys: list[str]) -> str:
    term.start(str(GOMEZ), env=env)
    term.wait_for("Highlights (")
    term.keys(*keys)
    screen = term.wait_for("Exported")
    term.keys("q")
    term.wait_for("Library")
    term.keys("q")
    term.wait_for("EXIT=0")
    term.close()
    return screen


def test_in_the_app_export_write_highlight_more_export_again(tmp_path):
    _need_tmux()
    env = env_for(tmp_path)
    first = Terminal()
    try:
        _export_in_app(first, env, ["}", "}", "}", "1", "e"])
    finally:
        first.close()
    [path] = (tmp_path / "docs" / "summitreader").glob("*.md")
    text = path.read_text(encoding="utf-8")
    well_formed(text, ["doc:title", re.search(r"summitreader:([0-9a-f]{8}) ", text)[1]])
    path.write_text(text.replace("-->\n\n<!--", "-->\n" + MINE + "\n<!--") + CLOSING)

    second = Terminal()
    try:
        screen = _export_in_app(second, env, ["}", "}", "}", "}", "}", "}", "2", "e"])
    finally:
        second.close()
    assert "1 new" in screen
    after = path.read_text(encoding="utf-8")
    assert MINE in after and after.endswith(CLOSING)
    assert after.count("<!-- summitreader:") == 3 and "#evidence" in after
    assert len(list(path.parent.glob("*.md"))) == 1


def test_an_export_into_a_folder_that_was_not_there_says_it_made_it(tmp_path):
    """Before: ``-o /no/such/dir/x.md`` made the folders without a word, so a typo in the
    path left a new tree behind, unseen. Once made, the next export says nothing of it."""
    for argv, made in (
        (["-o", str(tmp_path / "new" / "deeper" / "notes.md")], tmp_path / "new"),
        (["--format", "w3c", "-o", str(tmp_path / "w3c" / "a.json")], tmp_path / "w3c"),
        (["--out-dir", str(tmp_path / "vault" / "inbox")], tmp_path / "vault"),
    ):
        first = run("export", str(GOMEZ), *argv)
        assert first.returncode == 0, first.stderr
        assert f"made the folder {made}: it was not there" in first.stderr
        again = run("export", str(GOMEZ), *argv)
        assert again.returncode == 0 and "made the folder" not in again.stderr


def test_options_that_cannot_go_together_are_a_usage_error(tmp_path):
    """Before: exit 1, as for a failed export; the README gives 2 to usage errors."""
    for argv in (
        ["-o", str(tmp_path / "x.md"), "--out-dir", str(tmp_path / "y")],
        ["--full-text", "--group-by", "tag"],
        ["--template", str(tmp_path / "t.md"), "--format", "w3c"],
    ):
        out = run("export", str(GOMEZ), *argv)
        assert out.returncode == 2, (argv, out.stderr)
        assert out.stderr.startswith("summitreader: ") and out.stderr.count("\n") == 1
