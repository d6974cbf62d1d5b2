"""The outline of a 3 MB book: ``O`` to the list of its chapters on screen, in a real
terminal (tmux 120x40), against a minimal Textual app opening a list of the same titles.

War and Peace (3.2 MB, vendored) is made into an EPUB: one document per chapter, each
under its book's ``<h1>`` and its own ``<h2>``, so the book the reader opens is the
Markdown an EPUB becomes. It prints:
  - ``O`` to the outline on screen, the first time and again (budget: 100 ms), and the
    minimal app's key to its list, interleaved;
  - in the process itself: the outline of the parsed book (``text.outline.outline``).

Usage: python benchmarks/outline.py [--runs N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.book import war_and_peace  # noqa: E402
from benchmarks.first_screen import bench_env, report  # noqa: E402
from benchmarks.formats import epub_of  # noqa: E402
from benchmarks.terminals import EXE, Tmux  # noqa: E402

_PART = re.compile(r"^(BOOK [A-Z]+: .*|FIRST EPILOGUE: .*|SECOND EPILOGUE)$", re.M)
_CHAPTER = re.compile(r"^CHAPTER [IVXLC]+$", re.M)
BUDGET = 0.100


def chapters(text: str) -> list[tuple[str, str]]:
    """(label, XHTML body) per chapter of War and Peace, a book's heading on its first."""
    out: list[tuple[str, str]] = []
    body_start = _PART.search(text)
    assert body_start is not None
    parts = list(_PART.finditer(text, body_start.start()))
    for k, part in enumerate(parts):
        end = parts[k + 1].start() if k + 1 < len(parts) else len(text)
        marks = list(_CHAPTER.finditer(text, part.end(), end))
        for n, mark in enumerate(marks):
            stop = marks[n + 1].start() if n + 1 < len(marks) else end
            paragraphs = [p.strip() for p in text[mark.end() : stop].split("\n\n") if p.strip()]
            body = "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs)
            head = f"<h1>{html.escape(part.group(1))}</h1>" if n == 0 else ""
            out.append((mark.group(), f"{head}<h2>{mark.group()}</h2>{body}"))
    return out


def listed(screen: str) -> bool:
    """The outline dialog is drawn, its list at least 25 chapters down."""
    return "Outline" in screen and "CHAPTER XXV" in screen


def presses(term: Tmux, shown: Callable[[str], bool], gone: str, times: int) -> list[float]:
    """``O`` ``times`` times: each until ``shown`` holds, then escape until ``gone`` is not
    on screen any more."""
    found = []
    try:
        for _ in range(times):
            pressed = time.perf_counter()
            term.press("O")
            term.until(shown, timeout=30)
            found.append(time.perf_counter() - pressed)
            term.press("Escape")
            term.until(lambda s: gone not in s, timeout=30)
            time.sleep(0.2)
    finally:
        term.close()
    return found


def ours(book: Path, env: dict[str, str], times: int) -> list[float]:
    """Open the book and wait until it is laid out, then time ``O``."""
    term = Tmux([str(EXE), str(book)], env)
    term.until(lambda s: "measuring" not in s and "% " in s, timeout=300)
    return presses(term, listed, "Outline", times)


def baseline(titles: Path, env: dict[str, str], times: int) -> list[float]:
    term = Tmux([sys.executable, str(ROOT / "benchmarks" / "minimal_outline.py"), str(titles)], env)
    term.until(lambda s: "Press O" in s, timeout=60)
    return presses(term, lambda s: "CHAPTER XXV" in s, "CHAPTER", times)


def in_process(markdown: str) -> float:
    """The outline of the book once its blocks are parsed, as ``O`` finds it."""
    from summitreader.sources.text import Source
    from summitreader.text.document import Document
    from summitreader.text.outline import outline

    source = Source(Path("book.epub"), "0" * 64, markdown, "utf-8", len(markdown), kind="epub")
    document = Document(source)
    document.view.blocks  # noqa: B018 - parsed, as the reader's layout thread leaves it
    start = time.perf_counter()
    entries = outline(document)
    took = time.perf_counter() - start
    print(f"in process: {len(entries)} entries in {took * 1000:.1f} ms")
    return took


def main() -> int:
    from summitreader.sources.epub import convert_epub

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--presses", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        data = epub_of(chapters(war_and_peace()))
        book = Path(tmp) / "war-and-peace.epub"
        book.write_bytes(data)
        converted = convert_epub(data)
        titles = Path(tmp) / "titles.txt"
        titles.write_text("\n".join(e.title for e in converted.outline), encoding="utf-8")
        first, again, base = [], [], []
        for _ in range(args.runs):
            base += baseline(titles, env, args.presses)
            found = ours(book, env, args.presses)
            first.append(found[0])
            again += found[1:]
        size = len(converted.markdown.encode()) / 1e6
        print(
            f"{book.name}: {len(data) / 1e6:.1f} MB EPUB, {size:.1f} MB of Markdown, "
            f"{len(converted.outline)} chapters; tmux 120x40, {args.runs} runs"
        )
        print("O to the outline on screen:")
        report("minimal Textual app, a list", base)
        med_first = report("summitreader, first O", first)
        med_again = report("summitreader, O again", again)
        in_process(converted.markdown)
    worst = max(med_first, med_again)
    print("budget met" if worst <= BUDGET else f"OVER BUDGET: {worst * 1000:.0f} ms")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
