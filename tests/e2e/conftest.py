"""The tmux terminal the end-to-end tests drive, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.terminal import Terminal


@pytest.fixture
def term() -> Iterator[Terminal]:
    t = Terminal()
    yield t
    t.close()
