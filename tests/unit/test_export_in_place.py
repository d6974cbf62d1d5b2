"""Exports updated in place: what the user wrote is kept byte for byte, each highlight is
one block found by its id, and a file summitreader did not write is never replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from summitreader.export.files import NotOurs, export_document, export_file, export_to_directory
from summitreader.export.markdown import render_markdown
from summitreader.export.selection import DEFAULTS, ExportOptions
from summitreader.export.updating import update
from tests.support.export_checks import split_front_matter, well_formed
from tests.support.in_place import PARAGRAPHS, document, highlight, item

DOC = document()


def export(folder: Path, records: dict[int, dict], options: ExportOptions = DEFAULTS):
    return export_document(item(DOC, records), folder, options)


def first(folder: Path, records: dict[int, dict], options: ExportOptions = DEFAULTS):
    written = export(folder, records, options)
    return written.path, written.path.read_text(encoding="utf-8")


def test_a_second_export_keeps_every_line_the_user_wrote_and_updates_the_blocks(tmp_path):
    records = {2: highlight(DOC, 2, ["idea"]), 6: highlight(DOC, 6)}
    path, text = first(tmp_path, records)
    mine_after_2 = "My thought on paragraph 2, with [[a link]] and #mine.\n"
    mine_top = "Read for the Tuesday meeting.\n\n"
    text = text.replace(
        "<!-- /summitreader:00000002 -->\n", "<!-- /summitreader:00000002 -->\n" + mine_after_2
    )
    text = text.replace("<!-- summitreader:doc:title", mine_top + "<!-- summitreader:doc:title")
    path.write_text(text + "\n## What I make of it\n\nMy closing words.\n", encoding="utf-8")

    records[4] = highlight(DOC, 4, ["question"])  # new, between the two
    records[6]["tags"] = ["evidence"]  # changed
    del records[2]  # deleted: its block goes, my words under it stay
    written = export(tmp_path, records)
    after = path.read_text(encoding="utf-8")

    assert (written.added, written.updated, written.removed, written.kept) == (1, 1, 1, ())
    assert mine_top in after and mine_after_2 in after
    assert after.endswith(
        "<!-- /summitreader:00000006 -->\n\n## What I make of it\n\nMy closing words.\n"
    )
    well_formed(after, ["doc:title", "00000004", "00000006"])
    assert after.index(mine_after_2) < after.index("<!-- summitreader:00000004")
    assert "#evidence" in after and PARAGRAPHS[2] not in after


def test_exporting_again_with_nothing_new_writes_nothing(tmp_path):
    records = {1: highlight(DOC, 1, ["a"], "note")}
    path, text = first(tmp_path, records)
    path.write_text(text + "mine\n", encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    written = export(tmp_path, records)
    assert not written.changed and path.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    "options",
    [
        DEFAULTS,
        ExportOptions(flavor="logseq"),
        ExportOptions(flavor="commonmark", deleted="strike"),
        ExportOptions(group_by="tag"),
        ExportOptions(full_text=True),
    ],
    ids=["obsidian", "logseq", "commonmark-strike", "by-tag", "full-text"],
)
def test_a_file_that_is_already_this_export_is_left_without_a_merge(tmp_path, options):
    """A file whose text is the export is left as it is, without parsing and merging
    the two (a second at 100,000 blocks): the merge of an export over itself, which the
    shortcut stands for, changes nothing and reports nothing."""
    records = {1: highlight(DOC, 1, ["a"], "a note"), 3: highlight(DOC, 3), 5: highlight(DOC, 5)}
    path, text = first(tmp_path, records, options)
    merged = update(text, text, options)
    assert (merged.text, merged.added, merged.changed, merged.removed, merged.kept) == (
        text,
        0,
        0,
        0,
        (),
    )
    stamp = path.stat().st_mtime_ns
    written = export(tmp_path, records, options)
    assert (written.changed, written.added, written.updated, written.removed) == (False, 0, 0, 0)
    assert path.stat().st_mtime_ns == stamp and path.read_text(encoding="utf-8") == text


def test_a_block_the_user_edited_is_left_as_they_wrote_it_and_reported(tmp_path):
    records = {1: highlight(DOC, 1, ["a"]), 3: highlight(DOC, 3)}
    path, text = first(tmp_path, records)
    edited = text.replace("#a · ", "#a #and-my-own-tag · ")
    path.write_text(edited, encoding="utf-8")
    records[1]["note"] = "a note added in summitreader"
    del records[3]
    written = export(tmp_path, records)
    after = path.read_text(encoding="utf-8")
    assert written.kept == ("00000001",)
    assert "#a #and-my-own-tag · " in after and "a note added in summitreader" not in after
    well_formed(after, ["doc:title", "00000001"])


def test_an_edited_block_of_a_deleted_highlight_stays(tmp_path):
    records = {1: highlight(DOC, 1), 3: highlight(DOC, 3)}
    path, text = first(tmp_path, records)
    path.write_text(
        text.replace("^00000003\n", "^00000003\n\nWhy I kept this.\n"), encoding="utf-8"
    )
    del records[3]
    written = export(tmp_path, records)
    assert written.kept == ("00000003",) and written.removed == 0
    assert "Why I kept this." in path.read_text(encoding="utf-8")


def test_deleted_highlights_can_be_kept_struck_through_and_come_back_once(tmp_path):
    strike = ExportOptions(deleted="strike")
    records = {1: highlight(DOC, 1), 3: highlight(DOC, 3)}
    path, _ = first(tmp_path, records, strike)
    gone = records.pop(3)
    assert export(tmp_path, records, strike).removed == 1
    text = path.read_text(encoding="utf-8")
    assert f"> ~~{PARAGRAPHS[3]}~~" in text
    well_formed(text, ["doc:title", "00000001", "deleted:00000003"])
    assert not export(tmp_path, records, strike).changed  # struck once, then left alone
    records[3] = gone  # undone in summitreader: the live block replaces the struck one
    export(tmp_path, records, strike)
    well_formed(path.read_text(encoding="utf-8"), ["doc:title", "00000001", "00000003"])


def test_words_written_inside_a_block_move_out_of_it_and_the_block_is_updated(tmp_path):
    """Before: a line of one's own under a highlight's note, inside its block, froze the
    block for good: its tags and place were never updated again ("left as you wrote
    it"), while the front matter moved on."""
    records = {2: highlight(DOC, 2, ["craft"], "my note"), 6: highlight(DOC, 6, ["idea"])}
    path, text = first(tmp_path, records)
    below = "A thought of mine, written under the note.\n"
    above = "Why I kept this:\n"
    end2 = "<!-- /summitreader:00000002 -->\n"
    start6 = next(
        line for line in text.splitlines(True) if line.startswith("<!-- summitreader:00000006")
    )
    text = text.replace(end2, below + end2).replace(start6, start6 + above)
    path.write_text(text, encoding="utf-8")
    records[2]["tags"] = ["reading-craft"]
    records[6]["tags"] = ["evidence"]
    written = export(tmp_path, records)
    after = path.read_text(encoding="utf-8")
    assert written.kept == () and written.updated == 2
    assert "#reading-craft" in after and "#craft" not in after and "#evidence" in after
    assert end2 + below in after  # the words, just after the block they were under
    assert above + "\n<!-- summitreader:00000006" in after  # just before, set apart
    well_formed(after, ["doc:title", "00000002", "00000006"])
    assert not export(tmp_path, records).changed  # and they stay put


def test_a_block_edited_inside_its_own_lines_is_kept_as_the_user_left_it(tmp_path):
    records = {2: highlight(DOC, 2, ["craft"])}
    path, text = first(tmp_path, records)
    path.write_text(text.replace("#craft", "#craft #mine"), encoding="utf-8")
    records[2]["tags"] = ["reading-craft"]
    written = export(tmp_path, records)
    assert written.kept == ("00000002",)
    assert "#craft #mine" in path.read_text(encoding="utf-8")


def test_front_matter_keeps_the_users_keys_and_tags_and_leaves_out_empty_ones(tmp_path):
    records = {1: highlight(DOC, 1, ["idea"])}
    path, text = first(tmp_path, records)
    fm, _ = split_front_matter(text)
    assert "date" not in fm  # the document has no date: no empty key
    assert fm["source"] == "file:///notes/doc.txt" and fm["summitreader"] == 1
    text = text.replace('tags: ["idea"]\n', "tags:\n  - idea\n  - to-read\n")
    text = text.replace("summitreader: 1\n", "summitreader: 1\nstatus: reading  # mine\n")
    path.write_text(text, encoding="utf-8")
    records[1]["tags"] = ["evidence"]
    export(tmp_path, records)
    fm, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert fm["tags"] == ["to-read", "evidence"]  # "idea" was summitreader's, now gone
    assert fm["status"] == "reading" and fm["highlights"] == 1
    after = path.read_text(encoding="utf-8")
    assert "status: reading  # mine\n" in after
    assert "tags:\n  - to-read\n  - " in after  # still a block list, the user's line kept


@pytest.mark.parametrize(
    "mine",
    [
        "tags: [to-read, 'idea', later]\n",
        "tags:\n- to-read\n- idea   \n- later\n",
    ],
)
def test_the_users_tags_keep_their_place_and_form_and_new_ones_come_last(tmp_path, mine):
    records = {1: highlight(DOC, 1, ["idea"])}
    path, text = first(tmp_path, records)
    path.write_text(text.replace('tags: ["idea"]\n', mine), encoding="utf-8")
    records[2] = highlight(DOC, 2, ["idea"])
    export(tmp_path, records)  # a new highlight, no tag gone: the user's entry as it was
    assert mine in path.read_text(encoding="utf-8")
    records[3] = highlight(DOC, 3, ["evidence"])
    export(tmp_path, records)
    fm, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert fm["tags"] == ["to-read", "idea", "later", "evidence"]


def test_a_file_summitreader_did_not_write_is_refused_unless_forced(tmp_path):
    target = tmp_path / "mine.md"
    target.write_text("# My own notes\n\nNothing of summitreader's.\n", encoding="utf-8")
    content = render_markdown([item(DOC, {1: highlight(DOC, 1)})])
    with pytest.raises(NotOurs, match="--force"):
        export_file(target, content, 1)
    assert target.read_text(encoding="utf-8").startswith("# My own notes")
    assert export_file(target, content, 1, force=True).changed
    assert target.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("bytes_", [b"\xff\xfe not text", b""])
def test_a_binary_or_empty_target_is_not_taken_for_an_export(tmp_path, bytes_):
    target = tmp_path / "x.md"
    target.write_bytes(bytes_)
    content = render_markdown([item(DOC, {1: highlight(DOC, 1)})])
    with pytest.raises(NotOurs):
        export_file(target, content, 1)
    assert target.read_bytes() == bytes_


def test_out_dir_refuses_before_writing_any_file(tmp_path):
    other = document("Another text", "other.txt")
    (tmp_path / "another-text.md").write_text("hand-written\n", encoding="utf-8")
    items = [item(DOC, {1: highlight(DOC, 1)}), item(other, {})]
    with pytest.raises(NotOurs, match=r"another-text\.md"):
        export_to_directory(items, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["another-text.md"]


def test_two_documents_with_one_title_never_share_a_file(tmp_path):
    one, two = document(name="a.txt"), document(name="b.txt", body="Other words.")
    first_file = export_document(item(one, {}), tmp_path).path
    second_file = export_document(item(two, {}), tmp_path).path
    assert first_file != second_file and second_file.name.startswith("meeting-notes-")
    # each finds its own file again, in either order, and through --out-dir too
    assert export_document(item(two, {}), tmp_path).path == second_file
    assert export_document(item(one, {}), tmp_path).path == first_file
    both = export_to_directory([item(two, {}), item(one, {})], tmp_path).files
    assert [w.path for w in both] == [second_file, first_file]
    assert len(list(tmp_path.glob("*.md"))) == 2


def test_a_document_named_twice_in_one_run_is_written_once(tmp_path):
    records = {1: highlight(DOC, 1)}
    result = export_to_directory([item(DOC, records), item(DOC, records)], tmp_path)
    assert len(result.files) == 1 and len(list(tmp_path.glob("*.md"))) == 1


def test_an_edited_text_keeps_its_file(tmp_path):
    """The text changed on disk (a new sha256), and its export is still found by source."""
    records = {1: highlight(DOC, 1)}
    path, _ = first(tmp_path, records)
    edited = document(body="\n\n".join(PARAGRAPHS) + "\n\nA new closing paragraph.")
    assert edited.source.sha256 != DOC.source.sha256
    assert export_document(item(edited, {}), tmp_path).path == path


def test_a_file_whose_editor_changed_its_line_endings_is_still_updated(tmp_path):
    records = {1: highlight(DOC, 1)}
    path, text = first(tmp_path, records)
    path.write_bytes((text + "mine\n").replace("\n", "\r\n").encode())
    records[2] = highlight(DOC, 2)
    written = export(tmp_path, records)
    assert written.added == 1 and written.kept == ()
    assert b"mine\r\n" in path.read_bytes()


def test_grouped_by_tag_each_highlight_has_one_block_and_one_id(tmp_path):
    records = {1: highlight(DOC, 1, ["a", "b", "c"]), 2: highlight(DOC, 2, ["b"])}
    text = render_markdown([item(DOC, records)], ExportOptions(group_by="tag"))
    assert text.count("^00000001\n") == 1 and text.count("[[#^00000001|") == 2
    well_formed(text, ["doc:title", "tag:a", "00000001", "tag:b", "00000002", "tag:c"])


def test_grouped_by_tag_a_highlight_is_written_under_its_first_tag(tmp_path):
    """Before: under the tag first by name ("alpha"), not the one put first ("zeta")."""
    records = {1: highlight(DOC, 1, ["zeta", "alpha"])}
    text = render_markdown([item(DOC, records)], ExportOptions(group_by="tag"))
    well_formed(text, ["doc:title", "tag:alpha", "tag:zeta", "00000001"])
    alpha, zeta = text.index("\\#alpha"), text.index("\\#zeta")
    assert alpha < text.index("[[#^00000001|") < zeta < text.index("^00000001\n")


def test_logseq_pages_update_in_place_keeping_the_users_child_blocks(tmp_path):
    logseq = ExportOptions(flavor="logseq")
    records = {1: highlight(DOC, 1, ["idea"]), 5: highlight(DOC, 5)}
    path, text = first(tmp_path, records, logseq)
    assert text.startswith("title:: Meeting notes\n")
    child = "\t- my own thought, a child block\n"
    lines = text.splitlines(keepends=True)
    end_of_1 = next(
        i for i, line in enumerate(lines) if line.startswith("  summitreader:: 00000001")
    )
    lines.insert(end_of_1 + 1, child)
    path.write_text("".join(lines) + "- a block of my own at the end\n", encoding="utf-8")
    records[3] = highlight(DOC, 3, note="- a list item\nkey:: not a property")
    records[1]["tags"] = ["evidence"]
    written = export(tmp_path, records, logseq)
    after = path.read_text(encoding="utf-8")
    assert (written.added, written.updated, written.kept) == (1, 1, ())
    assert child in after and after.endswith("- a block of my own at the end\n")
    assert after.index(child) < after.index("id:: 00000003")
    assert "  \\- a list item\n  \\key:: not a property\n" in after
    assert "tags:: evidence\n" in after


def test_the_exported_front_matter_is_yaml_whatever_the_title(tmp_path):
    doc = document(title='A "quoted": title # not a comment')
    text = render_markdown([item(doc, {})])
    assert yaml.safe_load(text.split("---\n")[1])["title"] == doc.title


def test_a_template_that_sets_blocks_line_under_line_keeps_them_so_when_updated(tmp_path):
    """Before: an export again with one more highlight put a blank line before every
    block of the file (the Markdown spacing), so each showed as changed in a vault's git."""
    from summitreader.export.template import ExportTemplate

    template = ExportTemplate(
        "# {{ document.title }}\n{% for h in highlights %}{% filter managed(h.block_id) %}"
        "- {{ h.quote }}\n{% endfilter %}{% endfor %}",
        "list.md.j2",
    )
    options = ExportOptions(template=template)
    records = {1: highlight(DOC, 1), 3: highlight(DOC, 3)}
    path, before = first(tmp_path, records, options)
    assert "\n\n<!--" not in before  # the template's own spacing: none
    records[5] = highlight(DOC, 5)
    export(tmp_path, records, options)
    after = path.read_text(encoding="utf-8")
    assert "\n\n<!--" not in after
    assert after.startswith(before.rstrip("\n")) or before.rstrip("\n") in after
