"""Modules imported on first use: scipy alone adds ~70 MB and ~0.5 s to a process that only
plays cached sounds, so the sound library names it here and imports it when it synthesises.

First uses happen on the sound-making workers, several at once, and a cold import of two
modules of one package from two threads is not safe: Python locks each module separately,
so thread A (in ``scipy.signal``) and thread B (in ``scipy.fft``) can each hold a lock the
other needs; importlib's deadlock detection then hands one of them a half-initialised module
(``KeyError: 'scipy'``, "partially initialized module", or ``scipy.__getattr__`` failing on
a submodule of the half-made parent). So every import made here runs under one process-wide
lock: one import at a time (a warm one takes microseconds; only load-time code calls this).
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType

_IMPORTING = threading.RLock()  # re-entrant: an import may reach another lazy import


def import_module(name: str) -> ModuleType:
    """``importlib.import_module(name)``, one cold import at a time across the process.

    Use it (or :class:`LazyModule`) for every heavy import made off the main thread."""
    with _IMPORTING:
        return importlib.import_module(name)


class LazyModule:
    """Stands in for module ``name``; the first attribute access imports it."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<lazy module {self._name!r} ({state})>"
