"""User settings from a TOML file; a bad file never stops the app, it falls back to defaults."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from summitreader.annotations.tags import normalise_tag
from summitreader.errors import SummitError
from summitreader.fsio import read_regular_file
from summitreader.settings import paths
from summitreader.text.by_value import ByValue

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
CONFIG_LIMIT = 1_000_000  # bytes: a config is a few lines


class TagSpec(NamedTuple):
    name: str
    key: str  # a digit "1"-"9"
    color: str  # "#rrggbb"


DEFAULT_TAGS: tuple[TagSpec, ...] = (
    TagSpec("key-point", "1", "#e5c07b"),
    TagSpec("evidence", "2", "#98c379"),
    TagSpec("question", "3", "#61afef"),
    TagSpec("disagree", "4", "#e06c75"),
    TagSpec("idea", "5", "#c678dd"),
    TagSpec("definition", "6", "#56b6c2"),
    TagSpec("example", "7", "#d19a66"),
    TagSpec("todo", "8", "#be5046"),
    TagSpec("reference", "9", "#abb2bf"),
)
DEFAULT_HIGHLIGHT = "#7f6f3f"
# Binding ids that were renamed: a config written for the old name still rebinds the key.
RENAMED_BINDINGS = {"corpus.search": "search.query", "corpus.back": "search.back"}


class Config(ByValue):
    """The settings in use: the defaults, over which ``_parse`` sets the file's. Not a
    dataclass, which took 0.4 ms of every start to make (see ``ByValue``)."""

    __slots__ = (
        "error",
        "export_deleted",
        "export_dir",
        "export_flavor",
        "key_lines",
        "keys",
        "path",
        "reading_width",
        "tags",
        "theme",
    )

    def __init__(self, path: Path, *, error: str | None = None) -> None:
        self.path = path
        self.tags: tuple[TagSpec, ...] = DEFAULT_TAGS
        self.keys: dict[str, str] = {}
        self.key_lines: dict[str, int] = {}  # binding id -> its line in the file, to say
        self.theme = "textual-dark"
        self.reading_width = 80
        self.export_dir: Path = paths.default_export_dir()
        self.export_flavor = "obsidian"  # obsidian, logseq or commonmark
        self.export_deleted = "remove"  # or "strike": keep a deleted highlight's block, struck
        self.error = error

    def tag_for_key(self, key: str) -> TagSpec | None:
        return next((t for t in self.tags if t.key == key), None)

    def color_of(self, tag: str) -> str | None:
        return next((t.color for t in self.tags if t.name == tag), None)


class _Problem(Exception):
    """A config value is wrong; ``needle`` finds its line in the file."""

    def __init__(self, message: str, needle: str) -> None:
        super().__init__(message)
        self.needle = needle


SETTINGS = ("tags", "default_tags", "keys", "theme", "reading_width", "export_dir", "export")


def _parse(path: Path, data: dict[str, object]) -> tuple[Config, list[_Problem]]:
    """The file's settings over the defaults, and its problems: a wrong setting (a tag, a
    key, a width) is left at its default and said, and every other setting still holds."""
    cfg = Config(path=path)
    problems: list[_Problem] = []

    def guarded(step: Callable[..., None], *args: object) -> None:
        try:
            step(*args)
        except _Problem as exc:
            problems.append(exc)

    for name in data:
        if name not in SETTINGS:
            hint = " (key bindings go under [keys])" if "." not in name and name != "tag" else ""
            problems.append(_Problem(f"there is no setting {name!r}{hint}", name))
    own: list[TagSpec] = []
    raw_tags = data.get("tags", [])
    if not isinstance(raw_tags, list):
        problems.append(_Problem("'tags' must be a list of [[tags]] tables", "tags"))
        raw_tags = []
    for i, item in enumerate(raw_tags, start=1):
        guarded(_add_tag, own, i, item, problems)
    keep_defaults = data.get("default_tags", True)
    if not isinstance(keep_defaults, bool):
        problems.append(_Problem("default_tags must be true or false", "default_tags"))
        keep_defaults = True
    cfg.tags = _merge_tags(DEFAULT_TAGS if keep_defaults else (), own)
    guarded(_keys, cfg, data.get("keys", {}))
    if "theme" in data:
        cfg.theme = str(data["theme"])
    guarded(_reading_width, cfg, data)
    if "export_dir" in data:
        guarded(_parse_dir, cfg, data["export_dir"], "export_dir")
    guarded(_export_table, cfg, data.get("export", {}), problems)
    return cfg, problems


def _add_tag(own: list[TagSpec], i: int, item: object, problems: list[_Problem]) -> None:
    """A tag with a wrong key or colour is still added, without that key or with the
    default colour (a colour "green" dropped the whole tag); one with no usable name is
    not."""
    if not isinstance(item, dict) or "name" not in item:
        raise _Problem(f"tag #{i} needs a name", "[[tags]]")
    key = str(item.get("key", ""))
    color = str(item.get("color", DEFAULT_HIGHLIGHT))
    if key and (len(key) != 1 or key not in "123456789"):
        problems.append(
            _Problem(f"tag {item['name']!r}: key must be a digit 1-9, not {key!r}", key)
        )
        key = ""
    if not _COLOR.match(color):
        problems.append(
            _Problem(f"tag {item['name']!r}: color must look like #rrggbb, not {color!r}", color)
        )
        color = DEFAULT_HIGHLIGHT
    try:
        name = normalise_tag(str(item["name"]))
    except SummitError as exc:
        raise _Problem(str(exc), str(item["name"])) from None
    taken = next((t for t in own if key and t.key == key), None)
    if taken is not None:
        raise _Problem(f"key {key} is given to both #{taken.name} and #{name}", name)
    own.append(TagSpec(name, key, color))


def _keys(cfg: Config, keys: object) -> None:
    if not isinstance(keys, dict):
        raise _Problem('[keys] must map binding ids to keys, e.g. "reader.highlight" = "m"', "keys")
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise _Problem(f'[keys] {binding_id!r} must be a key name, such as "m"', binding_id)
    cfg.keys = {RENAMED_BINDINGS.get(k, k): v for k, v in keys.items()}


def _reading_width(cfg: Config, data: dict[str, object]) -> None:
    if "reading_width" in data:
        width = data["reading_width"]
        if not isinstance(width, int) or not 20 <= width <= 400:
            raise _Problem("reading_width must be a whole number from 20 to 400", "reading_width")
        cfg.reading_width = width


EXPORT_CHOICES = {
    "flavor": ("obsidian", "logseq", "commonmark"),
    "deleted": ("remove", "strike"),
}


def _export_table(cfg: Config, table: object, problems: list[_Problem]) -> None:
    """``[export]``: ``flavor`` and ``deleted`` (``dir`` too, as ``export_dir`` is)."""
    if not isinstance(table, dict):
        raise _Problem('[export] must be a table, e.g. [export] then flavor = "logseq"', "export")
    for key, value in table.items():
        if key == "dir":
            try:
                _parse_dir(cfg, value, "dir")
            except _Problem as exc:
                problems.append(exc)
        elif key not in EXPORT_CHOICES:
            problems.append(
                _Problem(f"[export] has no setting {key!r}: it has flavor, deleted, dir", key)
            )
        elif value not in EXPORT_CHOICES[key]:
            choices = ", ".join(EXPORT_CHOICES[key])
            problems.append(
                _Problem(f"[export] {key} must be one of {choices}, not {value!r}", key)
            )
        else:
            setattr(cfg, f"export_{key}", value)


def _parse_dir(cfg: Config, folder: object, name: str) -> None:
    if not isinstance(folder, str) or not folder.strip() or "\0" in folder:
        raise _Problem(f"{name} must be the path of a folder, as text", name)
    cfg.export_dir = Path(folder).expanduser()


def _merge_tags(defaults: tuple[TagSpec, ...], own: list[TagSpec]) -> tuple[TagSpec, ...]:
    """The user's tags over the defaults: binding 5 to a new tag keeps 1-4 and 6-9. A
    default goes when the user gives its key or its name to a tag of their own."""
    kept = [
        d for d in defaults if all(d.name != t.name and (not t.key or d.key != t.key) for t in own)
    ]
    return tuple(sorted([*kept, *own], key=lambda t: t.key or ":"))  # keyless tags last


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle and needle in line:
            return number
    return None


def load_config(path: Path | None = None) -> Config:
    """Read the config; on any problem return defaults with ``error`` naming file and line."""
    path = path or paths.config_path()
    try:
        text = read_regular_file(path, CONFIG_LIMIT).decode("utf-8")
    except FileNotFoundError:
        return Config(path=path)
    except SummitError as exc:  # a device, a pipe, a file far too large
        return Config(path=path, error=f"{exc}; using defaults")
    except (OSError, UnicodeDecodeError) as exc:
        return Config(path=path, error=f"{path}: cannot read the config ({exc}); using defaults")
    import tomllib  # only when there is a config: it costs 3 ms of start-up

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return Config(path=path, error=f"{path}: {exc}; using defaults")
    cfg, problems = _parse(path, data)
    if isinstance(keys := data.get("keys"), dict):
        for binding_id in keys:
            if (line := _line_of(text, binding_id)) is not None:
                cfg.key_lines[RENAMED_BINDINGS.get(binding_id, binding_id)] = line
    if problems:
        said = []
        for problem in problems:
            line = _line_of(text, problem.needle)
            said.append(f"line {line}: {problem}" if line else str(problem))
        joint = ", " if said[0].startswith("line ") else ": "
        cfg.error = f"{path}{joint}{'; '.join(said)}; the rest of the file is in use"
    return cfg
