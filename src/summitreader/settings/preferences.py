"""What the reader chose inside the app (a theme, a reading width), remembered between
runs. The config file is the user's own and is never written; these choices live in the
state directory and, where set, come before the config's values."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import orjson

from summitreader.errors import SummitError
from summitreader.fsio import atomic_write_bytes
from summitreader.settings import paths

MIN_WIDTH, MAX_WIDTH = 30, 240
LIMIT = 64 * 1024  # a preferences file is a few dozen bytes; anything larger is not ours


class Preferences(NamedTuple):
    theme: str | None = None
    reading_width: int | None = None


def load_preferences(path: Path | None = None) -> Preferences:
    """The remembered choices; a missing, unreadable or foreign file gives none, since
    forgetting a theme is better than refusing to start."""
    path = path or paths.preferences_path()
    try:
        with path.open("rb") as fh:
            data = orjson.loads(fh.read(LIMIT + 1)[:LIMIT])
    except (OSError, orjson.JSONDecodeError):
        return Preferences()
    if not isinstance(data, dict):
        return Preferences()
    theme = data.get("theme")
    width = data.get("reading_width")
    return Preferences(
        theme if isinstance(theme, str) and len(theme) <= 80 else None,
        width
        if isinstance(width, int)
        and not isinstance(width, bool)
        and MIN_WIDTH <= width <= MAX_WIDTH
        else None,
    )


def save_preferences(preferences: Preferences, path: Path | None = None) -> None:
    path = path or paths.preferences_path()
    data = {k: v for k, v in preferences._asdict().items() if v is not None}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))
    except OSError as exc:
        raise SummitError(f"could not remember the choice in {path}: {exc.strerror}") from exc
