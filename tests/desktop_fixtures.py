"""Fixtures for the desktop preview tests: a private Xvfb display, a window, a loopback App.

Missing Xvfb, GL or OpenAL skip the tests, except where CI says they must be there
(``VRASMR_EXPECT_XVFB``, ``VRASMR_EXPECT_GL``, ``VRASMR_EXPECT_OPENAL`` = 1): then they fail.
"""

from __future__ import annotations

import pytest

from tests.real_parts import missing
from vrasmr.backends.desktop.xvfb import XvfbUnavailable, start_xvfb


class _Server:
    """The session's Xvfb, started again if it has gone away (another process may stop it)."""

    def __init__(self):
        self.server = None

    def get(self):
        if self.server is not None and not self.server.alive():
            self.server.stop()
            self.server = None
        if self.server is None:
            try:
                self.server = start_xvfb((1280, 720))
            except XvfbUnavailable as exc:
                missing("Xvfb", "VRASMR_EXPECT_XVFB", exc)
        return self.server

    def stop(self):
        if self.server is not None:
            self.server.stop()


@pytest.fixture(scope="session")
def xvfb_server():
    """One Xvfb for the whole test run, stopped at the end."""
    holder = _Server()
    holder.get()
    yield holder
    holder.stop()


@pytest.fixture
def display(xvfb_server, monkeypatch):
    """DISPLAY points at the private Xvfb for this test (restored afterwards)."""
    server = xvfb_server.get()
    monkeypatch.setenv("DISPLAY", server.display)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return server.display


@pytest.fixture
def window(display, xvfb_server, monkeypatch):
    """An open 3.3 core window on the private display, closed after the test.

    If the display has gone away under load, the server is started again once.
    """
    from vrasmr.backends.desktop.window import DesktopWindow, WindowUnavailable

    try:
        win = DesktopWindow((320, 180), "vrasmr test")
    except WindowUnavailable as first:
        if "display" not in str(first).lower():
            missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", first)
        xvfb_server.server.stop()
        xvfb_server.server = None
        monkeypatch.setenv("DISPLAY", xvfb_server.get().display)
        try:
            win = DesktopWindow((320, 180), "vrasmr test")
        except WindowUnavailable as exc:
            missing("an OpenGL 3.3 window", "VRASMR_EXPECT_GL", exc)
    yield win
    win.close()


def loopback_or_skip() -> None:
    """Skip (or fail in CI) when OpenAL's loopback device cannot open."""
    from vrasmr.sound.engine import OpenALEngine

    try:
        OpenALEngine.loopback().close()
    except Exception as exc:
        missing("OpenAL Soft (loopback)", "VRASMR_EXPECT_OPENAL", exc)
