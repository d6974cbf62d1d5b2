"""The test suite stands on its own: test modules share code only through tests/support,
tests and benchmarks never import each other, and nothing under tests/ or benchmarks/ reads
the project's shared folder beside the checkout (the tests vendor what they need)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOPS = ("tests", "benchmarks")
# A path into the folder beside the checkout (FOLDER below): FOLDER after "../", FOLDER
# before a slash, or FOLDER as a part joined onto a Path. This file never spells it out.
FOLDER = "sha" + "red"
SHARED_TEXT = re.compile(rf"(?<![\w.-])(?:\.\.[/\\])?{FOLDER}[/\\]|\.\.[/\\]{FOLDER}(?!\w)")
SHARED_PART = re.compile(rf"(?:.*[/\\])?{FOLDER}[/\\]?")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in ``tree``, at any depth, relative ones resolved;
    ``from a import b`` gives both ``a`` and ``a.b`` (b may be a module)."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def is_test_module(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def import_problems(path: Path, source: str) -> list[str]:
    """What is wrong with the imports of ``path`` (a file under tests/ or benchmarks/)."""
    top = path.relative_to(ROOT).parts[0]
    problems = []
    for line, module in imported(path, ast.parse(source, str(path))):
        where = f"{path.relative_to(ROOT)}:{line} imports {module}"
        first = module.split(".", 1)[0]
        if top == "tests" and first == "benchmarks":
            problems.append(f"{where}: a test imports a benchmark")
        elif top == "benchmarks" and first == "tests":
            problems.append(f"{where}: a benchmark imports the tests")
        elif top == "tests" and first == "tests" and is_test_module(module):
            problems.append(f"{where}: a test module is not a library; use tests/support")
    return problems


def shared_mentions(path: Path, text: str) -> list[str]:
    """Where ``text`` (of ``path``) names the shared folder beside the checkout."""
    found = [f"{path.relative_to(ROOT)}: {m.group()!r}" for m in SHARED_TEXT.finditer(text)]
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text, str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):  # noqa: SIM102
                if SHARED_PART.fullmatch(node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    return found


def files(suffix: str = "") -> list[Path]:
    return sorted(
        p
        for top in TOPS
        for p in (ROOT / top).rglob(f"*{suffix}")
        if p.is_file() and "__pycache__" not in p.parts
    )


def test_the_suite_and_the_benchmarks_are_where_this_test_looks():
    modules = {p.relative_to(ROOT).as_posix() for p in files(".py")}
    assert "tests/unit/test_test_suite_hygiene.py" in modules
    assert "benchmarks/soak.py" in modules and "tests/support/cli.py" in modules
    assert {m.split("/")[1] for m in modules if m.startswith("tests/") and "/test_" in m} == {
        "unit",
        "tui",
        "e2e",
        "stress",
    }


def test_no_test_imports_a_test_module_and_tests_and_benchmarks_never_import_each_other():
    problems = [p for path in files(".py") for p in import_problems(path, path.read_text())]
    assert problems == [], "\n".join(problems)


def test_nothing_reads_the_shared_folder_beside_the_checkout():
    found = []
    for path in files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # compressed data: no path in it
            continue
        found += shared_mentions(path, text)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("tests/unit/test_a.py", "from .test_b import helper"),
        ("tests/unit/test_a.py", "from ..tui.test_b import helper"),
        ("tests/unit/test_a.py", "from . import test_b"),
        ("tests/unit/test_a.py", "from tests.e2e.test_cli import run"),
        ("tests/unit/test_a.py", "def f():\n    import tests.stress.test_soak"),
        ("tests/unit/test_a.py", "from .conftest import GOMEZ"),
        ("tests/support/x.py", "from tests.tui.test_tui import stored"),
        ("tests/unit/test_a.py", "import importlib\nimportlib.import_module('tests.unit.test_b')"),
        ("tests/stress/test_a.py", "from benchmarks.soak import run"),
        ("tests/stress/test_a.py", "import benchmarks"),
        ("benchmarks/a.py", "from tests.support.pty_app import PtyApp"),
        ("benchmarks/a.py", "import tests.support.terminal"),
    ],
)
def test_the_import_check_finds_each_kind_of_cross_import(where, source):
    assert import_problems(ROOT / where, source)


@pytest.mark.parametrize(
    "source",
    [
        "from tests.support.cli import run\nfrom .helpers import x",
        "from benchmarks.book import war_and_peace",  # a benchmark's own module
        "from summitreader.cli import main\nimport pytest",
    ],
)
def test_the_import_check_lets_support_and_own_modules_through(source):
    where = "benchmarks/a.py" if "benchmarks" in source else "tests/unit/test_a.py"
    assert import_problems(ROOT / where, source) == []


@pytest.mark.parametrize(
    "text",
    [
        'SHARED = Path(__file__).resolve().parents[2] / "{F}"',
        'BOOK = ROOT.parent / "{F}" / "bench-corpus" / "war-and-peace.txt"',
        'VALIDATOR = "../{F}/tools/validate_w3c.py"',
        'open("/work/{F}/bench-corpus/war-and-peace.txt")',
        "# compare with ../{F} by hand",
    ],
)
def test_the_shared_check_finds_a_path_into_the_shared_folder(text):
    assert shared_mentions(ROOT / "tests" / "unit" / "test_a.py", text.replace("{F}", FOLDER))


def test_the_shared_check_lets_the_word_itself_through():
    text = '"""A shared annotation file; targets are shared, as is a_shared/x."""\nx = 1\n'
    assert shared_mentions(ROOT / "tests" / "unit" / "test_a.py", text) == []
