"""`search`, `tags`, `tags rename` and `config` from the command line, on real files, and the
query rules they share with the app (core, then the installed command)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from summitreader.annotations.model import new_record
from summitreader.errors import SummitError
from summitreader.library.search import Query, fold, search
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.cli import run
from tests.support.corpus import GOMEZ, LANDAU


def record(quote: str, tags: list[str] = (), note: str = "") -> dict:  # type: ignore[assignment]
    r = new_record(load_source(GOMEZ), 0, 5, list(tags), note)
    r["quote"]["exact"] = quote
    return r


def test_a_query_ignores_case_and_accents_and_needs_every_word():
    natasha = record("Natásha ran to the window", ["character"])
    pierre = record("PIERRE stayed", ["character/pierre"], note="at Borodinó")
    assert search([natasha, pierre], "natasha window") == [natasha]
    assert search([natasha, pierre], "NATASHA pierre") == []
    assert search([natasha, pierre], "borodino") == [pierre]  # the note counts
    assert search([natasha, pierre], "#character") == [natasha, pierre]  # a parent tag
    assert search([natasha, pierre], "#character/pierre stayed") == [pierre]
    assert search([natasha, pierre], "#charact") == []  # a tag matches whole, not a prefix
    assert search([natasha, pierre], "  ") == [natasha, pierre]


def test_doc_and_date_filters_narrow_and_a_bad_date_is_a_message(monkeypatch):
    october = record("early", ["a"])
    october["created"] = "2026-10-31T23:30:00.000Z"
    november = record("late", ["a"])
    november["created"] = "2026-11-22T10:00:00.000Z"
    both = [october, november]
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert search(both, "from:2026-11") == [november]
        assert search(both, "to:2026-10-31") == [october]
        assert search(both, "on:2026") == both
        assert search(both, "on:2026-11-22 early") == []
        assert search(both, "doc:summit", "The Second Summit\ngomez.txt") == both
        assert search(both, "doc:gomez doc:landau", "The Second Summit\ngomez.txt") == []
        assert search(both, "DOC:GÓMEZ", "gomez.txt") == both  # case and accents
        monkeypatch.setenv("TZ", "Asia/Tokyo")  # 23:30 UTC on the 31st is 1 November there
        time.tzset()
        assert search(both, "on:2026-11") == both
    finally:
        monkeypatch.undo()
        time.tzset()
    with pytest.raises(SummitError, match="from: needs a date like 2026, 2026-11 or 2026-11-22"):
        Query.parse("from:last-week")


FILTERS = {"doc", "from", "to", "on"}


@given(st.text(max_size=40), st.text(max_size=8))
@example("\ufe58", "")  # small em dash: its compatibility form is "—", itself folded to "-"
@example("\uff02x\u2019", "x")  # fullwidth quote mark, and a typographic one
def test_folding_never_loses_a_match_that_case_alone_would_find(text, word):
    """Whatever matches case-insensitively still matches after accents are folded. A word
    the query reads as a filter (#tag, doc:, from:, to:, on:) is not a word."""
    is_filter = word.startswith("#") or word.partition(":")[0].casefold() in FILTERS
    if word.strip() and word.casefold() in text.casefold() and " " not in word and not is_filter:
        assert Query.parse(word).matches(record(text))
    assert fold(fold(text)) == fold(text)


@pytest.fixture
def corpus(isolated: Path) -> Path:
    """Both sample articles with tagged highlights, made through the real store."""
    with Store(isolated / "store.json") as store:
        gomez, landau = load_source(GOMEZ), load_source(LANDAU)
        at = gomez.text.index("Panmunjom")
        store.add(gomez, at, at + len("Panmunjom"), ["key-point"], "Where it began")
        at = landau.text.index("phased approach")
        store.add(landau, at, at + len("phased approach"), ["evidence", "method/sources"])
        at = landau.text.index("third summit")
        store.add(landau, at, at + len("third summit"), ["key-point", "evidence"])
    return isolated


def test_search_prints_document_location_and_excerpt(corpus: Path):
    out = run("search", "#key-point")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert lines[1].strip() == str(GOMEZ)
    where, quote = lines[2].split(maxsplit=2)[:2], lines[2].split(maxsplit=3)[-1]
    assert where[0].startswith("¶") and quote == "Panmunjom"
    assert "#key-point  ✎ Where it began" in lines[3]
    assert str(LANDAU) in out.stdout  # the other document's highlight tagged #key-point
    assert lines[-1] == "2 highlights"


def test_search_keeps_the_quotes_in_one_column_when_a_place_has_a_status(isolated: Path):
    """Before: the place was padded to 16 columns, so "¶7, line 17 · moved" and an
    orphan's reason ran into the quote with one space, each quote at its own column."""
    text = isolated / "gomez.txt"
    text.write_text(GOMEZ.read_text(encoding="utf-8"), encoding="utf-8")
    with Store(isolated / "store.json") as store:
        source = load_source(text)
        for phrase in ("Panmunjom", "pageantry instead of progress", "Trump administration"):
            at = source.text.index(phrase)
            store.add(source, at, at + len(phrase), ["t"])
    edited = source.text.replace("pageantry instead of progress", "theatre, no progress")
    edited = edited.replace("met with Kim at Panmunjom", "met Kim at Panmunjom")  # moved
    text.write_text(edited.replace("Trump administration", "the administration"), "utf-8")
    out = run("search", "#t", str(text))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    rows = [r for r in lines if r.startswith("  ") and not r.strip().startswith(("#", "/"))]
    quotes = [
        (row, row.index(q)) for row in rows for q in ("Panmunjom", "pageantry", "Trump") if q in row
    ]
    assert len(quotes) == 3 and len({column for _, column in quotes}) == 1, out.stdout
    assert all(row[column - 2 : column] == "  " for row, column in quotes)
    assert "· moved" in out.stdout and "orphaned" in out.stdout


def test_search_filters_by_document_and_refuses_a_bad_date(corpus: Path):
    out = run("search", "#key-point doc:landau")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "How to Prepare for a Third U.S.-North Korea Summit"
    assert "Panmunjom" not in out.stdout and out.stdout.splitlines()[-1] == "1 highlight"
    assert run("search", "to:1999").returncode == 1  # every highlight was made today
    bad = run("search", "on:22/11/2026")
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr == (
        "summitreader: on: needs a date like 2026, 2026-11 or 2026-11-22, not '22/11/2026'\n"
    )


def test_search_with_no_match_says_so_and_exits_1(corpus: Path):
    out = run("search", "zeppelin")
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr == "summitreader: no highlight matches 'zeppelin'\n"


def test_search_words_unquoted_are_told_to_quote_and_a_path_after_the_query_works(
    corpus: Path,
):
    out = run("search", "phased", "approach")
    assert out.returncode == 1 and out.stdout == ""
    assert "approach: no such file" in out.stderr
    assert 'summitreader search "phased approach"' in out.stderr
    out = run("search", "phased approach", str(LANDAU))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "1 highlight"


def test_tags_lists_counts_and_rename_merges_everywhere(corpus: Path):
    assert run("tags").stdout.split("\n") == [
        "     2  #evidence",
        "     2  #key-point",
        "     1  #method/sources",
        "",
    ]
    out = run("tags", "rename", "Key Point", "evidence")
    assert out.returncode == 0 and "3" not in out.stdout, out.stdout
    assert out.stdout == "renamed #key-point to #evidence on 2 highlights\n"
    assert run("tags").stdout.split("\n")[:2] == ["     3  #evidence", "     1  #method/sources"]
    refused = run("tags", "rename", "evidence", "a]b")
    assert refused.returncode == 1 and "cannot hold" in refused.stderr


def test_config_prints_the_file_in_use_and_names_a_bad_line(isolated: Path):
    config = isolated / "config.toml"
    config.write_text('theme = "nord"\n\n[[tags]]\nname = "idea"\nkey = "5"\ncolor = "red"\n')
    out = run("config")
    assert out.returncode == 0
    assert out.stdout.splitlines()[0] == f"config: {config}"
    problem = next(line for line in out.stdout.splitlines() if line.startswith("problem:"))
    assert str(config) in problem and "line 6" in problem and "color" in problem
    assert "theme = nord" in out.stdout  # the rest of the file holds, as the problem says
    assert "#idea " in out.stdout  # the default tag on 5: the user's was left out


def test_config_names_an_unknown_theme_and_each_wrong_key_with_its_line(isolated: Path):
    """Before: an unknown theme was printed as if in use, [keys] problems had no line, and
    a binding left out was still listed under "keys:"."""
    config = isolated / "config.toml"
    config.write_text(
        'theme = "no-such-theme"\n\n[keys]\n"reader.highlight" = "ctrl+nonsense"\n'
        '"no.such.binding" = "m"\n"reader.note" = "n"\n'
    )
    out = run("config")
    assert out.returncode == 0, out.stderr
    problems = [line for line in out.stdout.splitlines() if line.startswith("problem:")]
    assert any("theme 'no-such-theme' is not one of" in p and "nord" in p for p in problems)
    assert any("line 4: [keys] reader.highlight" in p for p in problems), problems
    assert any("line 5: [keys] no.such.binding" in p for p in problems), problems
    keys = out.stdout.split("keys:\n", 1)[1].splitlines()
    assert keys == ["  reader.note = n"]
    # the settings listed are those in force: the theme the app falls back to
    assert "theme = no-such-theme" not in out.stdout.splitlines()
    assert "theme = textual-dark" in out.stdout.splitlines()


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout


def test_export_out_dir_again_changes_nothing_for_git(corpus: Path):
    notes = corpus / "notes"
    first = run("export", "--out-dir", str(notes), "--group-by", "tag")
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in notes.iterdir())
    assert names == [
        "how-to-prepare-for-a-third-u-s--north-korea-summit.md",
        "the-second-trump-kim-summit-the-devil-is-in-the-details.md",
    ]
    git(notes, "init", "-q")
    git(notes, "add", ".")
    git(notes, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    again = run("export", "--out-dir", str(notes), "--group-by", "tag")
    assert again.returncode == 0
    assert again.stderr == "summitreader: exported 3 highlights to 2 files, 2 unchanged\n"
    assert git(notes, "status", "--porcelain") == ""
    landau = (notes / names[0]).read_text(encoding="utf-8")
    assert "## \\#evidence" in landau and "## \\#method/sources" in landau


def test_export_tag_filter_keeps_only_documents_with_that_tag(corpus: Path):
    notes = corpus / "only"
    out = run("export", "--out-dir", str(notes), "--tag", "method")
    assert out.returncode == 0, out.stderr
    [only] = notes.iterdir()
    text = only.read_text(encoding="utf-8")
    assert only.name.startswith("how-to-prepare") and "highlights: 1\n" in text
    assert text.count("\n> ") == 1 and "> phased approach" in text


def test_export_out_dir_with_o_is_refused(corpus: Path):
    out = run("export", "--out-dir", str(corpus / "x"), "-o", str(corpus / "y.md"))
    assert out.returncode == 2 and "--out-dir" in out.stderr
    assert not (corpus / "x").exists() and not (corpus / "y.md").exists()


def test_export_with_a_template_per_document_and_the_printed_built_in(corpus: Path):
    template = corpus / "list.md.j2"
    template.write_text(
        "{{ document.title }}\n{% for h in highlights %}\n* {{ h.quote }} {{ h.tags | hashtags }}"
        " ({{ h.location }})\n{% endfor %}",
        encoding="utf-8",
    )
    notes = corpus / "notes"
    out = run("export", "--out-dir", str(notes), "--template", str(template), "--tag", "evidence")
    assert out.returncode == 0, out.stderr
    landau = next(notes.glob("how-to-prepare*.md")).read_text(encoding="utf-8")
    lines = landau.splitlines()
    assert lines[0] == "How to Prepare for a Third U.S.-North Korea Summit"
    assert lines[1].startswith("* phased approach #evidence #method/sources (¶")
    assert lines[2].startswith("* third summit #key-point #evidence (¶")
    owner = "<!-- summitreader: written by a template, and replaced whole on export -->"
    assert lines[3:] == ["", owner]  # what tells a later export that the file is its own
    assert not list(notes.glob("the-second*"))  # no #evidence there
    printed = run("export", "--print-template")
    template.write_text(printed.stdout, encoding="utf-8")
    assert run("export", "--template", str(template)).stdout == run("export").stdout


def test_a_bad_template_is_one_line_naming_it_and_writes_nothing(corpus: Path):
    template = corpus / "bad.j2"
    template.write_text("ok\n{{ h.quote }}\n", encoding="utf-8")
    out = run("export", "--template", str(template), "-o", str(corpus / "out.md"))
    assert out.returncode == 1
    assert out.stderr == f"summitreader: {template}, line 2: 'h' is undefined\n"
    assert not (corpus / "out.md").exists()
    w3c = run("export", "--template", str(template), "--format", "w3c")
    assert w3c.returncode == 2 and "without --format w3c" in w3c.stderr


def test_a_command_word_that_is_no_file_is_pointed_at_its_command(isolated: Path):
    """Before: ``summitreader review`` said "review: no such file" and nothing more."""
    out = run("review")
    assert out.returncode == 1
    assert out.stderr == (
        "summitreader: review: no such file (to run a command: summitreader check --review)\n"
    )
    assert "summitreader search" in run("serach").stderr  # a slip of the keys
    assert run("banana").stderr == "summitreader: banana: no such file\n"


def test_search_text_looks_in_the_files_named_or_says_how_to_add_one(isolated: Path):
    """Before: any PATH was refused ("add the files first"), even one in the library."""
    assert run("add", str(GOMEZ), str(LANDAU)).returncode == 0
    out = run("search", "--text", "Panmunjom", str(GOMEZ))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "2 matches in 1 document"
    assert run("search", "--text", "Panmunjom", str(LANDAU)).returncode == 1  # not in it
    elsewhere = isolated / "copy.txt"
    elsewhere.write_text(GOMEZ.read_text(encoding="utf-8"), encoding="utf-8")
    out = run("search", "--text", "Panmunjom", str(elsewhere))
    assert out.returncode == 1
    assert out.stderr == (
        f"summitreader: {elsewhere} is not in the library, which search --text looks in: "
        f"summitreader add {elsewhere}\n"
    )


def test_annotate_finds_a_quote_as_the_reader_shows_it(isolated: Path):
    """Before: "the quote does not occur" for words the reader shows, when the Markdown
    holds emphasis or a line break between them."""
    essay = isolated / "essay.md"
    essay.write_text(
        "# Essay\n\nAttention is the *rarest and purest* form of generosity, said\nSimone Weil.\n",
        encoding="utf-8",
    )
    for quote, exact in (
        ("Attention is the rarest and purest form", "Attention is the *rarest and purest* form"),
        ("generosity, said Simone Weil", "generosity, said\nSimone Weil"),
    ):
        out = run("annotate", str(essay), "--quote", quote)
        assert out.returncode == 0, out.stderr
        with Store(isolated / "store.json") as store:
            [record] = [r for r in store.all_annotations() if r["id"] == out.stdout.strip()]
        assert record["quote"]["exact"] == exact
    assert run("annotate", str(essay), "--quote", "rarest and finest").returncode == 1
