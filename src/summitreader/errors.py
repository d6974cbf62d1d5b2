"""Errors a person can act on: each carries a one-line message for the user."""


class SummitError(Exception):
    """Base class; the CLI prints the message and exits 1, the TUI shows it."""


class UsageError(SummitError):
    """Options that cannot go together: a usage error (exit 2), as argparse's own are."""


class NotTextError(SummitError):
    """The file is binary (holds NUL bytes), so it is refused rather than garbled."""


class StoreError(SummitError):
    """The annotation store cannot be read or written."""


class ConfigError(SummitError):
    """The config file is invalid; callers fall back to defaults."""


class StoreCorrupt(StoreError):
    """A store file could not be parsed; it has been moved aside, never overwritten.
    ``what`` is the message without what to do about it, for a screen that offers it."""

    def __init__(self, message: str, what: str = "") -> None:
        super().__init__(message)
        self.what = what or message


class StoreConflict(StoreError):
    """Another window changed the same highlight since this one last read it."""


class HighlightGone(StoreError):
    """The highlight is no longer in the store: another window (or the CLI) deleted it."""
