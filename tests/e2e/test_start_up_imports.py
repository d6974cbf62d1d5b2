"""``summitreader FILE`` imports what its first screen needs, and not what other work does:
the other commands' modules and argparse's parser, the anchoring (a changed text's), the
converters' model and the web (a URL's), and for Markdown the plain text's splitter. Each
run is a fresh interpreter: what a test process has imported says nothing of a start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GOMEZ = Path(__file__).resolve().parents[2] / "sample_corpus" / "gomez-second-summit.txt"

# Run as `summitreader PATH`'s core runs before the app starts: the command line read, the
# store opened, the texts read, the Markdown one's first block made; then what was imported.
OPEN_AS_THE_COMMAND_LINE_DOES = """
import json, sys
import summitreader.tui.app  # the reader's screens and widgets, as `open` imports them
from summitreader.cli.args import only_paths
from summitreader.cli.dispatch import NAMES
from summitreader.cli.reading import _open_store, _to_open
from summitreader.settings.config import load_config

load_config()
args = only_paths(sys.argv[1:], NAMES)
store = _open_store(args)
docs, problems, seed = _to_open(args, store, None)
docs[0].meta, docs[0].view.block(0), docs[0].title
store.close()
print(json.dumps({"titles": [d.title for d in docs], "modules": sorted(sys.modules)}))
"""

LATER = (
    "summitreader.cli.exporting",
    "summitreader.cli.highlights",
    "summitreader.cli.importing",
    "summitreader.annotations.anchoring",
    "summitreader.sources.converted",
    "summitreader.sources.web",
    "argparse",
)


def _python(code: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
    )


def test_a_text_opens_without_what_only_other_work_needs(tmp_path: Path) -> None:
    text = tmp_path / "essay.md"
    text.write_text("# An essay\n\nBy Ann Author\n\nIt begins here. And goes on.\n")
    out = _python(OPEN_AS_THE_COMMAND_LINE_DOES, str(text), str(GOMEZ))
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["titles"] == ["An essay", "The Second Trump-Kim Summit: The Devil Is in the Details"]
    assert [m for m in LATER if m in got["modules"]] == []
    assert "summitreader.text.plain_blocks" not in got["modules"]  # only the .txt's view needs it


def test_a_missing_file_is_one_line_and_the_other_commands_are_not_imported(
    tmp_path: Path,
) -> None:
    code = (
        "import sys\nfrom summitreader.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('summitreader.cli.')))\n"
        "sys.exit(code)"
    )
    missing = tmp_path / "nowhere.md"
    out = _python(code, str(missing))
    assert out.returncode == 1
    assert out.stderr == f"summitreader: {missing}: no such file\n"
    assert out.stdout.strip() == str(
        sorted(f"summitreader.cli.{m}" for m in ("args", "common", "dispatch", "reading"))
    )
