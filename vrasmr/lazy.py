"""Modules imported on first use: scipy alone adds ~70 MB and ~0.5 s to a process that only
plays cached sounds, so the sound library names it here and imports it when it synthesises."""

from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    """Stands in for module ``name``; the first attribute access imports it."""

    def __init__(self, name: str):
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<lazy module {self._name!r} ({state})>"
