"""The layers hold: import-linter's contracts in pyproject.toml (the core never reaches
Textual, Rich only where text is drawn, only the store knows TinyDB, layers bottom to top),
and, at run time, every core module and the non-TUI commands with Textual blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*config: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), f"import-linter is not installed next to {sys.executable}"
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *map(str, config)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_every_import_linter_contract_is_kept():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    out = lint_imports()
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(contracts)} kept, 0 broken." in out.stdout, out.stdout


def test_a_broken_contract_fails_the_run(tmp_path):
    """The check above can fail: the store does import TinyDB."""
    config = tmp_path / "broken.toml"
    config.write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_package = "summitreader"
            include_external_packages = true

            [[tool.importlinter.contracts]]
            name = "The store without TinyDB"
            type = "forbidden"
            source_modules = ["summitreader.store"]
            forbidden_modules = ["tinydb"]
            """
        ),
        encoding="utf-8",
    )
    out = lint_imports(config)
    assert out.returncode != 0
    assert "Contracts: 0 kept, 1 broken." in out.stdout, out.stdout


BLOCK_TEXTUAL = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class Block:
        def find_spec(self, name, path=None, target=None):
            if name == "textual" or name.startswith("textual."):
                raise ImportError("textual is blocked in the core")

    sys.meta_path.insert(0, Block())
    import summitreader
    for mod in pkgutil.walk_packages(summitreader.__path__, "summitreader."):
        if not mod.name.startswith(("summitreader.tui", "summitreader.__main__")):
            importlib.import_module(mod.name)
    from summitreader.cli import main
    assert main(["list"]) == 0
    assert main(["export"]) == 0
    assert not any(m == "textual" or m.startswith("textual.") for m in sys.modules)
    print("core-ok")
    """
)


def test_core_and_non_tui_commands_never_import_textual():
    out = subprocess.run(
        [sys.executable, "-c", BLOCK_TEXTUAL], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "core-ok" in out.stdout


def test_the_block_really_blocks_textual():
    code = BLOCK_TEXTUAL.replace("import summitreader\n", "import summitreader.tui.app\n", 1)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "textual is blocked" in out.stderr


# What only a command that needs it may load: converters, the HTTP client, templates, the
# Markdown parser and the export's files. Each costs the first screen milliseconds.
HEAVY = ("lxml", "pypdfium2", "trafilatura", "httpx", "jinja2", "markdown_it", "ctypes")
HEAVY_OURS = ("summitreader.sources.pdf", "summitreader.export.files")
# What a text's first frame does not show: each screen, dialog and the export are imported
# when the key that needs them is pressed. One import at the top of a module the reader
# imports would bring a whole chain back into every start.
LAZY_OURS = (
    "summitreader.tui.commands",
    "summitreader.tui.screens.dialog_base",
    "summitreader.tui.screens.dialogs",
    "summitreader.tui.screens.library",
    "summitreader.tui.screens.library_dialogs",
    "summitreader.tui.screens.outline",
    "summitreader.tui.screens.recovery",
    "summitreader.tui.screens.review",
    "summitreader.tui.screens.search",
    "summitreader.tui.screens.stats",
    "summitreader.tui.widgets.key_map",
    "summitreader.tui.widgets.line_table",
    "summitreader.tui.widgets.row_table",
    "summitreader.export.markdown_text",
    "summitreader.export.selection",
    "summitreader.export.managed_blocks",
    "summitreader.export.template",
    "summitreader.text.visible_markdown",
    "summitreader.library.search",
    "summitreader.library.shelf",
    "summitreader.layout.stats",
    "summitreader.annotations.review",
)


def test_starting_the_app_loads_no_converter_client_or_template_engine():
    code = (
        "import sys, summitreader.tui.app, summitreader.cli\n"
        f"print(sorted(m for m in {HEAVY + HEAVY_OURS + LAZY_OURS!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
