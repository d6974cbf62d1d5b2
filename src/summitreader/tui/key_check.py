"""The ``[keys]`` of a config checked against the app: each id must name one of its
bindings, and each key be one Textual can bind. Textual takes any string and ignores an
unknown id, so "not-a-key" on ``reader.tag_1`` made the 1 key do nothing and showed
"23456789not-a-key tag" in the hints, and a misspelt id did nothing at all, unsaid."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_ALIASES, Keys, key_to_character

_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
_NAMED = frozenset({k.value for k in Keys} | set(KEY_ALIASES) | {"space", "enter", "tab"})
_FUNCTION = re.compile(r"f(?:[1-9]|1\d|2[0-4])")


def key_problem(keys: str) -> str | None:
    """Why ``keys`` ("m", "ctrl+s", "j,down") cannot be bound, or None."""
    for key in keys.split(","):
        *modifiers, base = key.strip().split("+")
        if not base or any(m not in _MODIFIERS for m in modifiers):
            return f"{key.strip()!r} is not a key"
        if len(base) == 1 or base in _NAMED or _FUNCTION.fullmatch(base):
            continue
        if key_to_character(base) is None:
            return (
                f'{key.strip()!r} is not a key (a key is a character such as "m", or a name '
                'such as "ctrl+s", "question_mark", "pagedown", "f5")'
            )
    return None


def _at(lines: Mapping[str, int], binding_id: str) -> str:
    """ "line 7: " where the config file sets ``binding_id`` (``Config.key_lines``)."""
    return f"line {lines[binding_id]}: " if binding_id in lines else ""


def usable_keymap(
    keymap: dict[str, str], lines: Mapping[str, int] | None = None
) -> tuple[dict[str, str], list[str]]:
    """The keymap without the keys that cannot be bound (the default key then stays), and
    a line for each one left out, with its line in the file when ``lines`` has it."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if (why := key_problem(keys)) is not None:
            where = _at(lines or {}, binding_id)
            problems.append(f"{where}[keys] {binding_id}: {why}; its usual key is kept")
        else:
            usable[binding_id] = keys
    return usable, problems


def unknown_ids(keymap: dict[str, str], lines: Mapping[str, int] | None = None) -> list[str]:
    """A line for each id in ``keymap`` that names none of the app's bindings."""
    known = binding_ids()
    return [
        f"{_at(lines or {}, binding_id)}[keys] {binding_id}: no key has this id (the README "
        "lists them, under 'Binding ids')"
        for binding_id in keymap
        if binding_id not in known
    ]


def key_clashes(keymap: dict[str, str], lines: Mapping[str, int] | None = None) -> list[str]:
    """A line for each key the config gives a binding that another binding of the same
    screen or widget has too ("document.down" = "k" while k is still Up): one of the two
    is lost, and which was not said."""
    binding_ids()  # every module of the app imported, so each class has its bindings
    wanted = {bid: _keys(keys) for bid, keys in keymap.items() if key_problem(keys) is None}
    found: dict[str, str] = {}
    pending = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        scope: dict[str, str] = {}  # key -> id, over the class and those it inherits from
        for owner in reversed(cls.__mro__):
            for binding in owner.__dict__.get("BINDINGS", ()):
                if not isinstance(binding, Binding) or not binding.id:
                    continue
                for key in wanted.get(binding.id, _keys(binding.key)):
                    other = scope.setdefault(key, binding.id)
                    if other != binding.id and binding.id in wanted and other not in found:
                        found.setdefault(binding.id, f"{key} is also {other}")
                    elif other != binding.id and other in wanted:
                        found.setdefault(other, f"{key} is also {binding.id}")
    return [
        f"{_at(lines or {}, bid)}[keys] {bid} = {keymap[bid]!r}: {why}, on the same screen; "
        "give one of them another key"
        for bid, why in found.items()
    ]


def _keys(keys: str) -> list[str]:
    return [k.strip() for k in keys.split(",") if k.strip()]


DEFAULT_THEME = "textual-dark"  # Textual's, used when the config names none it has


def theme_problem(name: str) -> str | None:
    """Why ``name`` is not a theme the app has, or None (for ``summitreader config``)."""
    from textual.theme import BUILTIN_THEMES

    if name in BUILTIN_THEMES:
        return None
    return f"theme {name!r} is not one of the app's: {', '.join(sorted(BUILTIN_THEMES))}"


@cache
def binding_ids() -> frozenset[str]:
    """Every binding id of the app's screens and widgets (each module imported once)."""
    import summitreader.tui as package

    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
    ids: set[str] = set()
    pending = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return frozenset(ids)
