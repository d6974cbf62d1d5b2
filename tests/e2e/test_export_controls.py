"""No export writes a raw control character that came from a note, a quote or a title,
to a file or to standard output: Markdown shows each as its symbol, W3C JSON escapes it
(and loses nothing). Every C0 and C1 control, through the real command."""

from __future__ import annotations

import json
import os
import re
import subprocess

from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.cli import EXE

CONTROLS = "".join(chr(c) for c in [*range(0x01, 0x20), 0x7F, *range(0x80, 0xA0)])
# Raw in UTF-8: C0 but tab and newline, DEL, and C1 (encoded as C2 80 to C2 9F).
RAW = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def article_with_controls(tmp_path):
    path = tmp_path / "hostile.txt"
    body = "A quote with every control: " + CONTROLS.replace("\n", "").replace("\r", "") + " end."
    path.write_text(f"Title \x1b]52;c;AAAA\x07 here\n\n{body}\n", encoding="utf-8")
    source = load_source(path)
    start = source.text.index("A quote")
    note = "note " + CONTROLS + " \x1b]52;c;UFdORUQ=\x07 done"
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        store.add(source, start, start + len(body), ["plain"], note)
    return path, note


def export(*args: str) -> bytes:
    done = subprocess.run([str(EXE), "export", *args], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_markdown_to_stdout_and_to_a_file_holds_no_raw_control(tmp_path):
    path, _ = article_with_controls(tmp_path)
    out = export(str(path))
    assert RAW.search(out) is None, RAW.search(out)
    assert re.search(r"␛\\?\]52;c;UFdORUQ=␇".encode(), out)  # the note is there, shown
    assert "␛]52;c;AAAA␇".encode() in out  # and the title (in the front matter)
    target = tmp_path / "out.md"
    export(str(path), "-o", str(target))
    assert RAW.search(target.read_bytes()) is None


def test_w3c_holds_no_raw_control_and_keeps_the_note_exactly(tmp_path):
    path, note = article_with_controls(tmp_path)
    out = export(str(path), "--format", "w3c")
    assert RAW.search(out) is None, RAW.search(out)
    [annotation] = json.loads(out)["first"]["items"]
    comments = [b["value"] for b in annotation["body"] if b.get("purpose") == "commenting"]
    assert comments == [note]


def test_a_template_writing_raw_values_still_holds_no_raw_control(tmp_path):
    path, _ = article_with_controls(tmp_path)
    template = tmp_path / "raw.md.j2"
    template.write_text(
        "{% for h in highlights %}{{ h.note | raw }} {{ h.quote | raw }}\n{% endfor %}",
        encoding="utf-8",
    )
    out = export(str(path), "--template", str(template))
    assert RAW.search(out) is None, RAW.search(out)
    assert "␛]52;c;UFdORUQ=␇".encode() in out
