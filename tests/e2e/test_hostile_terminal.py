"""Hostile text in a real terminal: the bytes tmux receives hold none of the content's
escape sequences, and the screen shows them as visible symbols (DESIGN.md, bad input)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.terminal import EXE, env_for

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required for the end-to-end tests in CI")
    pytest.skip("tmux is not installed", allow_module_level=True)

# Each line: what the article carries, and the bytes that would reach the terminal if it
# were passed through raw (UTF-8 for the C1 and bidi controls).
HOSTILE = {
    "clear screen": ("A clear-screen \x1b[2J here.", b"\x1b[2J"),
    "colour": ("Red \x1b[31mRED\x1b[0m text.", b"\x1b[31mRED"),
    "OSC 52 clipboard": ("A clipboard write \x1b]52;c;UFdORUQ=\x07 here.", b"\x1b]52"),
    "OSC 8 link": (
        "A link \x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\ here.",
        b"\x1b]8;",
    ),
    "C1 CSI": ("An eight-bit CSI \x9b31m here.", b"\xc2\x9b"),
    "C1 OSC": ("An eight-bit OSC \x9d0;title\x9c here.", b"\xc2\x9d"),
    "bidi override": ("Bidi \u202eevil\u202c here.", "\u202e".encode()),
    "bidi isolate": ("Isolate \u2066x\u2069 here.", "\u2066".encode()),
    "backspace": ("Back\x08space here.", b"\x08"),
}
MARKUP = "Markup [bold]not bold[/] and [link=https://x.example]no link[/link] and [/]."


def hostile_article(tmp: Path) -> Path:
    path = tmp / "hostile.txt"
    body = "\n\n".join(text for text, _ in HOSTILE.values())
    path.write_text(f"Hostile Article\n\n{body}\n\n{MARKUP}\n", encoding="utf-8")
    return path


def test_no_escape_from_the_content_reaches_the_terminal(term, tmp_path):
    article = hostile_article(tmp_path)
    env = env_for(tmp_path)
    note = "note \x1b[2J\x1b]52;c;Tk9URQ==\x07 [bold]b[/]"
    subprocess.run(
        [str(EXE), "annotate", str(article), "--quote", "Markup", "--tag", "seen", "--note", note],
        check=True,
        capture_output=True,
        env={**os.environ, **env},
    )
    record = tmp_path / "bytes.bin"
    term.start(str(article), env=env, record=record)
    screen = term.wait_for("Hostile Article", timeout=20)
    term.keys("tab", "enter")  # the sidebar's highlight: the note is drawn too
    screen = term.wait_for("[bold]b[/]")
    term.keys("q", "q")
    term.wait_for("EXIT=0")

    data = record.read_bytes()
    assert len(data) > 10_000  # the recording holds the whole session
    for name, (_, raw) in HOSTILE.items():
        assert raw not in data, f"{name}: {raw!r} reached the terminal"

    # What the reader sees instead: symbols, one for one, and markup as typed.
    assert "␛[2J" in screen and "␛[31mRED␛[0m" in screen
    assert "␛]52;c;UFdORUQ=␇" in screen
    assert "Bidi ↔evil↔ here." in screen and "Back␈space" in screen
    assert "[bold]not bold[/]" in screen and "[link=https://x.example]no link[/link]" in screen
    assert "note ␛[2J␛]52;c;Tk9URQ==␇ [bold]b[/]" in screen  # the note, in the sidebar


def test_a_tag_with_escapes_or_markup_is_refused_with_one_line(tmp_path):
    article = hostile_article(tmp_path)
    env = {**os.environ, **env_for(tmp_path)}
    for tag in ("\x1b[31mred", "[bold]x[/]"):
        out = subprocess.run(
            [str(EXE), "annotate", str(article), "--quote", "Markup", "--tag", tag],
            capture_output=True,
            text=True,
            env=env,
        )
        assert out.returncode == 1
        assert out.stderr.startswith("summitreader: ") and out.stderr.count("\n") == 1
        assert "Traceback" not in out.stderr
        assert "\x1b" not in out.stderr  # the message shows the tag inert, too


def test_zero_width_characters_leave_every_row_as_wide_as_the_others(term, tmp_path):
    """Before: a zero-width joiner (tmux joins the next character into its cell) moved
    the sidebar's border on its row one column over."""
    zero_width = {"ZWSP": "\u200b", "ZWJ": "\u200d", "ZWNJ": "\u200c", "WJ": "\u2060"}
    lines = [
        f"Row with {name} here{ch} and some words after it." for name, ch in zero_width.items()
    ]
    article = tmp_path / "zero-width.txt"
    article.write_text("Zero Width\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    term.start(str(article), env=env_for(tmp_path))
    screen = term.wait_for("Row with WJ", timeout=20)
    term.keys("q", "q")
    columns = {}
    for row in screen.splitlines():
        if "▏" in row:  # the sidebar's border: its cell, not counting zero-width ones
            before = row[: row.index("▏")]
            columns[row.strip()[:20]] = len(before) - sum(
                ch in "\u200b\u200c\u200d\u2060" for ch in before
            )
    assert len(set(columns.values())) == 1, columns
