"""Security of exports, imports and the store: nothing steers a write outside the place the
user chose, imported text stays inert, and links are handled on purpose (README, Security)."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.errors import StoreError
from summitreader.export.files import export_document, slug
from summitreader.export.selection import DocumentHighlights
from summitreader.settings.config import load_config
from summitreader.sources.text import Source
from summitreader.store.store import Store
from summitreader.text.document import Document
from tests.support.cli import run
from tests.support.corpus import GOMEZ


def doc_titled(title: str) -> Document:
    text = f"---\ntitle: {json.dumps(title)}\n---\n\nBody text.\n"
    return Document(Source(Path("/x/a.txt"), "ab" * 32, text, "utf-8", len(text)))


@pytest.mark.parametrize(
    "title", ["../../x", "/etc/passwd", "..", "~/.bashrc", "a/../../b", "..\\..\\win", ".hidden"]
)
def test_an_export_named_from_a_title_stays_in_the_chosen_directory(tmp_path, title):
    out = tmp_path / "exports"
    path = export_document(DocumentHighlights(doc_titled(title), []), out).path
    assert path.parent == out and path.exists()
    assert not path.name.startswith(".")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [path.name]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("北朝鮮の非核化", "北朝鮮の非核化.md"),
        ("Война и мир", "война-и-мир.md"),
        ("Café Ærø", "cafe-ærø.md"),
    ],
)
def test_a_title_in_any_script_names_its_file_and_an_earlier_name_is_still_found(
    tmp_path, title, name
):
    """Before, a title in another script than Latin gave a file named by a hash."""
    doc = doc_titled(title)
    assert export_document(DocumentHighlights(doc, []), tmp_path / "new").path.name == name
    old = tmp_path / "old"
    first = export_document(DocumentHighlights(doc, []), old).path
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    earlier = old / (slug(ascii_title, doc.source.sha256[:12]) + ".md")
    first.rename(earlier)  # as an earlier version named it
    earlier.write_text(earlier.read_text(encoding="utf-8") + "\nMy words.\n", encoding="utf-8")
    again = export_document(DocumentHighlights(doc, []), old).path
    assert again == earlier and "My words." in again.read_text(encoding="utf-8")
    assert [p.name for p in old.iterdir()] == [earlier.name]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_title_gives_a_plain_file_name(title):
    name = slug(title, "fallback")
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert name not in (".", "..")


def test_an_import_creates_no_file_and_its_text_stays_data(tmp_path):
    evil = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
        "body": [
            {"type": "TextualBody", "purpose": "commenting", "value": "\x1b[2J[bold]x[/]"},
            {"type": "TextualBody", "purpose": "tagging", "value": "\x1b]52;c;eA==\x07"},
        ],
        "target": {
            "source": {"id": "urn:sha256:" + "0" * 64, "via": f"file://{tmp_path}/../../made.txt"},
            "selector": [{"type": "TextQuoteSelector", "exact": "anything"}],
        },
    }
    file = tmp_path / "in.json"
    file.write_text(json.dumps(evil), encoding="utf-8")
    before = {p for p in tmp_path.parent.rglob("*")}
    out = run("import", str(file), "--db", str(tmp_path / "db" / "s.json"))
    assert "Traceback" not in out.stderr and "\x1b" not in out.stdout + out.stderr
    made = {p for p in tmp_path.parent.rglob("*")} - before
    assert all(tmp_path / "db" in p.parents or p == tmp_path / "db" for p in made), made
    assert not (tmp_path.parent.parent / "made.txt").exists()


def test_a_store_file_that_is_a_link_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_text("not a store, and not ours to move\n", encoding="utf-8")
    link = tmp_path / "store.json"
    link.symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        Store(link)
    assert target.read_text(encoding="utf-8") == "not a store, and not ours to move\n"
    assert link.is_symlink()
    out = run("list", str(GOMEZ), "--db", str(link))
    assert out.returncode == 1 and "symbolic link" in out.stderr and "Traceback" not in out.stderr


def test_a_config_that_is_a_link_is_read_through_it(tmp_path):
    real = tmp_path / "dotfiles" / "summitreader.toml"
    real.parent.mkdir()
    real.write_text('theme = "nord"\n', encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    assert load_config(link).theme == "nord"


def test_an_export_to_a_link_is_refused_and_forced_replaces_the_link_never_its_target(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(target)
    refused = run("export", str(GOMEZ), "-o", str(link))
    assert refused.returncode == 1 and "it is a link" in refused.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me\n"
    out = run("export", str(GOMEZ), "-o", str(link), "--force")
    assert out.returncode == 0, out.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("---")
    assert os.stat(link).st_nlink == 1
