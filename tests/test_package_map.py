"""The package map holds (docs/architecture.md): the scene format is read without the sound
package (the scene names sounds and their parameters; sound makes them), and neither the
scene nor the sound package reaches up into a backend. Every import counts, lazy ones too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vrasmr

PACKAGE = Path(vrasmr.__file__).parent


def imports_of(folder: str) -> dict[str, set[str]]:
    """Every vrasmr module each file of ``folder`` imports, at the top or inside a function."""
    found = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(PACKAGE))] = {n for n in names if n.startswith("vrasmr.")}
    return found


def reaching(folder: str, into: str) -> list[str]:
    return [
        f"{file} imports {name}"
        for file, names in imports_of(folder).items()
        for name in sorted(names)
        if name == f"vrasmr.{into}" or name.startswith(f"vrasmr.{into}.")
    ]


def test_the_scene_format_is_read_without_the_sound_package():
    assert reaching("scene", "sound") == []


@pytest.mark.parametrize("folder", ["scene", "sound"])
def test_scene_and_sound_never_reach_into_a_backend(folder):
    assert reaching(folder, "backends") == []


def test_the_scan_sees_lazy_imports():
    found = imports_of("sound")["sound/synth/__init__.py"]
    assert "vrasmr.scene.generator_params" in found
    lazy = imports_of("scene")["scene/loading.py"]
    assert "vrasmr.scene.generator_params" in lazy  # imported inside _check_generator
