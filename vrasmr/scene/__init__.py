"""The scene format: TOML scenes validated into typed models, a time-pure runtime, hot reload.

Names are imported lazily so ``import vrasmr.scene`` stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "SceneError": "vrasmr.scene.errors",
    "Scene": "vrasmr.scene.model",
    "Emitter": "vrasmr.scene.model",
    "Recipe": "vrasmr.scene.recipes",
    "Sound": "vrasmr.scene.sound",
    "ContentIndex": "vrasmr.scene.loading",
    "load_scene": "vrasmr.scene.loading",
    "load_scenes": "vrasmr.scene.loading",
    "load_recipes": "vrasmr.scene.loading",
    "parse_scene_text": "vrasmr.scene.loading",
    "SceneRuntime": "vrasmr.scene.runtime",
    "SceneLibrary": "vrasmr.scene.library",
    "LibraryEvent": "vrasmr.scene.library",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'vrasmr.scene' has no attribute {name!r}")
