"""A private Xvfb display for tests and benchmarks: start it, wait for its socket, stop it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from vrasmr.errors import VrasmrError

SOCKET_DIR = Path("/tmp/.X11-unix")


class XvfbUnavailable(VrasmrError, RuntimeError):
    """Xvfb is not installed or did not come up."""


def free_display(first: int = 90, last: int = 400) -> int:
    """The lowest display number with neither a lock file nor a socket."""
    for n in range(first, last):
        if not Path(f"/tmp/.X{n}-lock").exists() and not (SOCKET_DIR / f"X{n}").exists():
            return n
    raise XvfbUnavailable(f"no free X display number in {first}..{last}")


@dataclass
class Xvfb:
    """A running Xvfb server; ``display`` is the ``:N`` string for ``DISPLAY``."""

    number: int
    process: subprocess.Popen

    @property
    def display(self) -> str:
        return f":{self.number}"

    def alive(self) -> bool:
        """The server runs and accepts a client connection."""
        return self.process.poll() is None and can_connect(self.display)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def __enter__(self) -> Xvfb:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def xvfb_path() -> str | None:
    return shutil.which("Xvfb")


def start_xvfb(size=(1280, 720), depth: int = 24, timeout_s: float = 10.0) -> Xvfb:
    """Start ``Xvfb :N -screen 0 WxHxD -nolisten tcp -noreset`` and wait for its socket."""
    exe = xvfb_path()
    if exe is None:
        raise XvfbUnavailable("Xvfb is not installed (sudo apt-get install xvfb)")
    last_err = ""
    for _ in range(3):  # another process may grab the same number between check and start
        number = free_display()
        cmd = [
            exe,
            f":{number}",
            "-screen",
            "0",
            f"{size[0]}x{size[1]}x{depth}",
            "-nolisten",
            "tcp",
            # Without -noreset the server resets whenever its last client leaves, and a
            # window opened during that reset fails with "Failed to open display".
            "-noreset",
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if (SOCKET_DIR / f"X{number}").exists():
                proc.stderr.close()
                return Xvfb(number, proc)
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
            last_err = f"its socket did not appear within {timeout_s:g} s"
        else:
            last_err = (proc.stderr.read() or b"").decode(errors="replace").strip().splitlines()
            last_err = last_err[-1] if last_err else f"exit status {proc.returncode}"
        proc.stderr.close()
    raise XvfbUnavailable(f"Xvfb did not start: {last_err}")


def can_connect(display: str) -> bool:
    """Whether an X client can open ``display`` now (False without libX11)."""
    import ctypes
    import ctypes.util

    try:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    except OSError:
        return False
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    handle = x11.XOpenDisplay(display.encode())
    if not handle:
        return False
    x11.XCloseDisplay(handle)
    return True
