"""The terminal driver delivers a lone Escape when ESCDELAY is up, not at Textual's next
0.1 s turn of its input thread (every Escape came 0.1 s late whatever ESCDELAY said)."""

from __future__ import annotations

from textual import constants
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Key

from summitreader.tui.app import SummitApp
from summitreader.tui.textual_private import IDLE_WAIT, input_wait, quick_escape_driver


def test_the_input_thread_waits_only_until_a_pending_escape_is_due():
    parser = XTermParser(False)
    assert input_wait(parser, 0.0) == IDLE_WAIT  # nothing pending: Textual's own wait
    assert list(parser.feed("\x1b")) == []  # an Escape, or the start of a sequence
    due = parser._timeout_time
    assert input_wait(parser, due - constants.ESCAPE_DELAY) <= constants.ESCAPE_DELAY
    assert input_wait(parser, due - 0.004) <= 0.004 + 1e-6  # (due - 0.004 is rounded)
    assert input_wait(parser, due + 1.0) == 0.0  # overdue: look at once
    keys = list(parser.feed("[A"))  # the rest of a sequence comes: no more waiting
    assert [key.key for key in keys if isinstance(key, Key)] == ["up"]
    assert input_wait(parser, 0.0) == IDLE_WAIT


def test_the_app_uses_it_for_textuals_linux_driver_only():
    quick = quick_escape_driver(LinuxDriver)
    assert issubclass(quick, LinuxDriver) and quick is not LinuxDriver
    assert quick_escape_driver(LinuxDriver) is quick  # made once
    assert quick_escape_driver(HeadlessDriver) is HeadlessDriver
    assert "run_input_thread" in vars(quick)


def test_the_app_asks_for_it(monkeypatch):
    """SummitApp's driver is the quick one on a terminal that gets Textual's LinuxDriver."""
    monkeypatch.setattr(constants, "DRIVER", None)
    monkeypatch.setattr("textual.app.WINDOWS", False)
    app = SummitApp.__new__(SummitApp)  # the driver is chosen before anything is opened
    assert app.get_driver_class() is quick_escape_driver(LinuxDriver)
