"""The two bundled articles the tests read, and their paragraphs as the file has them."""

from __future__ import annotations

from pathlib import Path

from summitreader.settings import paths

CORPUS = paths.bundled_corpus()
GOMEZ = CORPUS / "gomez-second-summit.txt"
LANDAU = CORPUS / "landau-stein-third-summit.txt"


def raw_paragraphs(path: Path) -> list[str]:
    """Paragraphs straight from the file, independent of summitreader's parser."""
    text = path.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


# The Gomez paragraph the reader's tests highlight (the tenth, ¶10/13).
EXAMPLES = next(p for p in raw_paragraphs(GOMEZ) if p.startswith("Examples of narrowly"))

# A Markdown file with every construct the reading view draws (tests/support/showcase.md).
SHOWCASE = Path(__file__).resolve().parent / "showcase.md"
