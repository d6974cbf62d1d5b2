"""The one place that knows where files live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "summitreader"


def store_path(override: str | os.PathLike[str] | None = None) -> Path:
    """--db, else SUMMITREADER_DB, else the user data directory."""
    chosen = override or os.environ.get("SUMMITREADER_DB")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_data_path(APP) / "store.json"


def config_path() -> Path:
    chosen = os.environ.get("SUMMITREADER_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_config_path(APP) / "config.toml"


def preferences_path() -> Path:
    """Choices made inside the app: state, not configuration."""
    return platformdirs.user_state_path(APP) / "preferences.json"


def default_export_dir() -> Path:
    return platformdirs.user_documents_path() / APP


def bundled_corpus() -> Path:
    """The sample articles shipped inside the package (a source checkout falls back to the repo)."""
    from importlib.resources import files  # only the no-argument start needs it

    packaged = Path(str(files(APP))) / "sample_corpus"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "sample_corpus"
