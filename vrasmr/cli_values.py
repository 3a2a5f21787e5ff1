"""What the command line accepts: argparse ``type=`` checks shared by every subcommand.

Each check turns an option's text into its value or raises :class:`argparse.ArgumentTypeError`
with one line naming what is allowed, so a wrong value ends in argparse's usage error and
exit status 2 before any work starts. NaN, infinities and values nobody could mean (a
billion frames per second) are refused; an output must be a new or regular file in a folder
this user can create files in, and must not come out empty.
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from vrasmr.errors import VrasmrError


class OutputError(VrasmrError, argparse.ArgumentTypeError):
    """An output file or folder that cannot be written, or that came out empty."""


def number(lo: float, hi: float, unit: str = "") -> Callable[[str], float]:
    """A finite number from ``lo`` to ``hi`` (both included)."""
    span = f"a number from {lo:g} to {hi:g}{f' {unit}' if unit else ''}"

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and lo <= value <= hi):
            raise argparse.ArgumentTypeError(f"give {span}, got {text!r}")
        return value

    return parse


def count(lo: int, hi: int | None = None) -> Callable[[str], int]:
    """A whole number from ``lo`` to ``hi`` (no upper limit when ``hi`` is None)."""
    span = f"a whole number from {lo} to {hi}" if hi is not None else f"a whole number >= {lo}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"give {span}, got {text!r}") from None
        if value < lo or (hi is not None and value > hi):
            raise argparse.ArgumentTypeError(f"give {span}, got {text!r}")
        return value

    return parse


def eye_size(lo: int = 16, hi: int = 8192) -> Callable[[str], tuple[int, int]]:
    """``WxH`` in pixels, each side from ``lo`` to ``hi``."""

    def parse(text: str) -> tuple[int, int]:
        try:
            w, h = (int(v) for v in text.lower().split("x"))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"give the size as WxH, e.g. 480x270, got {text!r}"
            ) from None
        if not (lo <= w <= hi and lo <= h <= hi):
            raise argparse.ArgumentTypeError(f"give {lo}..{hi} pixels each side, got {text!r}")
        return w, h

    return parse


def output_folder(text: str | Path) -> Path:
    """A folder to write into: an existing folder, or one that can be made, this user can
    create files in. Raises :class:`OutputError`."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} is not a folder; give a folder for the output")
    _check_can_create_in(path)
    return path


def output_file(*suffixes: str, stdout: bool = False) -> Callable[[str], Path | str]:
    """A file to write, named with one of ``suffixes``: new, or an existing regular file
    this user may write, in a folder they can create files in. ``stdout`` lets ``-`` through."""
    names = " or ".join(suffixes)

    def parse(text: str) -> Path | str:
        if stdout and text == "-":
            return text
        path = Path(text)
        if path.exists() and not path.is_file():
            kind = "a folder" if path.is_dir() else "not a regular file"
            raise OutputError(f"{path} is {kind}; give a new {names} file name")
        if path.suffix.lower() not in suffixes:
            raise OutputError(f"give a file name ending in {names}, got {text!r}")
        if path.exists() and not os.access(path, os.W_OK):
            raise OutputError(f"cannot write {path}: permission denied; choose another file")
        _check_can_create_in(path.parent)
        return path

    return parse


def is_scene_file(name: str) -> bool:
    """Whether a scene argument names a file (``x.toml``, ``dir/x``) rather than a scene id
    (ids are lower-case letters, digits, ``-`` and ``_``)."""
    return name.endswith(".toml") or "/" in name or os.sep in name


def confirm_written(path: Path) -> Path:
    """``path`` after writing: an error when it is missing or empty, never a quiet success."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise OutputError(f"{path} was not written ({exc.strerror or exc})") from None
    if size == 0:
        raise OutputError(f"{path} came out empty; choose another place to write it")
    return path


def _check_can_create_in(folder: Path) -> None:
    """Create (and remove) a nameless file in ``folder``'s nearest existing folder: the one
    sure test of writing there (``os.access`` says yes to root in /proc)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{existing} is not a folder, so {folder} cannot be made there")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise OutputError(
            f"cannot write in {existing} ({exc.strerror or exc}); choose another folder"
        ) from None


def add_plot_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--plot FILE.png``: a chart drawn to a new PNG (``help_text`` says what)."""
    parser.add_argument("--plot", type=output_file(".png"), metavar="FILE.png", help=help_text)
