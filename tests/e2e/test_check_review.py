"""``summitreader check --review`` as a real subprocess on a real edited file: the list with
its word diffs, ``--accept ID`` kept in the store, ``--accept all``, and the errors."""

from __future__ import annotations

import re
import shutil

from tests.support.cli import run
from tests.support.corpus import GOMEZ

KEPT = "would better align the U.S. diplomatic approach"
EDITED = "most likely in Vietnam"
GONE = "It was folly to"


def _annotate(path, quote: str) -> str:
    out = run("annotate", str(path), "--quote", quote, "--tag", "evidence")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _listed(stdout: str) -> dict[str, str]:
    """Status by short id, from the lines ``  fuzzy    1a2b3c4d  ¶4, line 9 …``."""
    found = re.findall(r"^  (moved|fuzzy|orphaned) +([0-9a-f]{8})\b", stdout, re.M)
    return {short: status for status, short in found}


def test_a_highlight_only_shifted_by_text_put_in_elsewhere_is_not_to_review(tmp_path):
    """Before: a paragraph put in at the top made every highlight below it "moved", each
    listed for review with the same words on both lines."""
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    shifted = _annotate(article, KEPT)
    text = article.read_text(encoding="utf-8")
    article.write_text("A new first paragraph.\n\n" + text, encoding="utf-8")
    out = run("check", "--review", str(article))
    assert out.returncode == 0, out.stderr
    assert shifted[:8] not in out.stdout and "nothing to review" in out.stdout


def test_review_lists_each_moved_highlight_with_a_diff_and_accept_settles_it(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    ids = {q: _annotate(article, q) for q in (KEPT, EDITED, GONE)}
    text = article.read_text(encoding="utf-8")
    text = text.replace(EDITED, "most likely in Viet Nam").replace(GONE + " ", "")
    text = text.replace("goals and ambitions for", "goals and hopes for")  # beside KEPT
    article.write_text("A new first paragraph.\n\n" + text, encoding="utf-8")

    out = run("check", "--review", str(article))
    assert out.returncode == 0, out.stderr
    listed = _listed(out.stdout)
    assert listed == {
        ids[KEPT][:8]: "moved",
        ids[EDITED][:8]: "fuzzy",
        ids[GONE][:8]: "orphaned",
    }
    flat = " ".join(out.stdout.split())  # the diff lines are wrapped at 100 columns
    assert "[-Vietnam-]" in flat and "{+Viet Nam+}" in flat
    assert "«[-It was folly to-]»" in flat  # the orphan's words, from the library's copy
    assert "«»" in flat  # and the place they were cut from
    assert "[-ambitions-]" in flat and "{+hopes+}" in flat  # the words beside KEPT
    assert "#evidence" in flat and "3 highlights to review" in flat
    assert max(len(line) for line in out.stdout.splitlines()) <= 100

    accepted = run("check", "--review", "--accept", ids[EDITED][:8], str(article))
    assert accepted.returncode == 0, accepted.stderr
    assert f"accepted {ids[EDITED][:8]}" in accepted.stdout
    assert ids[EDITED][:8] not in _listed(accepted.stdout)
    again = run("check", "--review")  # the whole library, a new process: still settled
    assert set(_listed(again.stdout)) == {ids[KEPT][:8], ids[GONE][:8]}

    everything = run("check", "--review", "--accept", "all")
    assert (
        everything.returncode == 0 and len(re.findall("^accepted ", everything.stdout, re.M)) == 2
    )
    assert "nothing to review" in run("check", "--review").stdout
    counts = run("check", str(article)).stdout  # accepting changes no status
    assert "0 anchored, 1 moved, 1 fuzzy, 1 orphaned" in counts


def test_review_errors_say_what_to_do_and_change_nothing(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    gone = _annotate(article, GONE)
    article.write_text(article.read_text(encoding="utf-8").replace(GONE, ""), encoding="utf-8")

    alone = run("check", "--accept", gone[:8], str(article))
    assert alone.returncode == 1 and "--accept goes with --review" in alone.stderr
    unknown = run("check", "--review", "--accept", "deadbeef", str(article))
    assert unknown.returncode == 1 and "no highlight to review has the id" in unknown.stderr
    assert "Traceback" not in unknown.stderr + alone.stderr
    assert _listed(run("check", "--review", str(article)).stdout) == {gone[:8]: "orphaned"}
