"""Shader programs from ``shaders/``: one file per program, ``#include``, hot reload.

A program file holds every stage, selected by ``#if defined VERTEX_SHADER`` /
``FRAGMENT_SHADER``. ``#include "name.glsl"`` pulls in a file from the same folder (once).
A library seen :meth:`~ProgramLibrary.with_defines` compiles its programs with more
``#define`` lines (a quality tier: ``LOW_TIER``), each set of defines its own programs.
Compile errors name the file and line; a failed reload keeps the last good program.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vrasmr.errors import VrasmrError

_INCLUDE = re.compile(r'^\s*#include\s+"([^"]+)"\s*$')
_GLSL_LINE = re.compile(r"(?:^|\n)\s*(?:ERROR|WARNING)?:?\s*(\d+)[:(](\d+)\)?")
_STAGES = {"vertex_shader": "VERTEX_SHADER", "fragment_shader": "FRAGMENT_SHADER"}


class ShaderError(VrasmrError, RuntimeError):
    """A shader failed to load or compile; ``file`` and ``line`` say where."""

    def __init__(self, file: Path, line: int | None, message: str):
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {message}")


@dataclass
class _Source:
    text: str
    origins: list[tuple[Path, int]]  # for each output line: (file, line in that file)
    files: set[Path]


def _expand(path: Path, root: Path, seen: set[Path]) -> _Source:
    if not path.is_file():
        raise ShaderError(path, None, "shader file not found")
    lines: list[str] = []
    origins: list[tuple[Path, int]] = []
    files = {path}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = _INCLUDE.match(line)
        if m:
            inc = (root / m.group(1)).resolve()
            if root.resolve() not in inc.parents:
                raise ShaderError(path, n, f"#include {m.group(1)!r} leaves the shader folder")
            if inc in seen:
                lines.append("")
                origins.append((path, n))
                continue
            if not inc.is_file():
                raise ShaderError(path, n, f'#include "{m.group(1)}": no such file in {root}')
            seen.add(inc)
            sub = _expand(inc, root, seen)
            lines.extend(sub.text.splitlines())
            origins.extend(sub.origins)
            files |= sub.files
        else:
            lines.append(line)
            origins.append((path, n))
    return _Source("\n".join(lines), origins, files)


class ProgramLibrary:
    """Compiles and caches programs by name; ``reload_changed()`` picks up edits on disk."""

    def __init__(self, ctx, root: Path):
        self.ctx = ctx
        self.root = Path(root)
        self._programs: dict[tuple, object] = {}
        self._files: dict[tuple, dict[Path, float]] = {}
        self.last_error: ShaderError | None = None

    def _build(self, name: str, defines: tuple[str, ...] = ()):
        path = self.root / f"{name}.glsl"
        src = _expand(path, self.root, {path.resolve()})
        stages = {}
        head = "".join(f"#define {d}\n" for d in defines)
        body = src.text
        for kw, define in _STAGES.items():
            # The version, the stage's define and the library's: lines shift by that many.
            stages[kw] = f"#version 330 core\n#define {define}\n{head}{body}\n"
        try:
            prog = self.ctx.program(**stages)
        except Exception as exc:
            raise self._locate(str(exc), src, path, 2 + len(defines)) from None
        mtimes = {f: f.stat().st_mtime for f in src.files}
        return prog, mtimes

    @staticmethod
    def _locate(log: str, src: _Source, path: Path, header: int = 2) -> ShaderError:
        for m in re.finditer(r"(\d+):(\d+)\(\d+\)|0:(\d+)", log):
            line_no = int(m.group(2) or m.group(3))
            idx = line_no - header - 1  # the header's lines, then 1-based
            if 0 <= idx < len(src.origins):
                file, line = src.origins[idx]
                msg = log.strip().splitlines()
                detail = next((s for s in msg if "error" in s.lower()), msg[-1] if msg else log)
                return ShaderError(file, line, detail.strip())
        return ShaderError(path, None, log.strip())

    def get(self, name: str, instance: int = 0, defines: tuple[str, ...] = ()):
        """The compiled program; raises :class:`ShaderError` the first time if it is broken.

        ``instance`` > 0 gives a separate program from the same source: two layers of one
        kind in a scene each keep their own uniforms (see :meth:`instance`); ``defines``
        are compiled in (see :meth:`with_defines`)."""
        key = (name, instance, tuple(defines))
        prog = self._programs.get(key)
        if prog is None:
            prog, mtimes = self._build(name, key[2])
            self._programs[key] = prog
            self._files[key] = mtimes
        return prog

    def instance(self, k: int) -> ProgramLibrary | _View:
        """This library, handing out program instance ``k`` (0: the shared programs)."""
        return self if k == 0 else _View(self, k, ())

    def with_defines(self, defines: tuple[str, ...]) -> ProgramLibrary | _View:
        """This library, compiling its programs with ``defines`` (a quality tier's)."""
        return self if not defines else _View(self, 0, tuple(defines))

    def reload_changed(self) -> list[str]:
        """Recompile programs whose files changed; broken ones keep the last good program."""
        changed = []
        for key, mtimes in list(self._files.items()):
            name = key[0]
            try:
                stale = any(f.stat().st_mtime != t for f, t in mtimes.items())
            except OSError:
                stale = True
            if not stale:
                continue
            try:
                prog, new_mtimes = self._build(name, key[2])
            except ShaderError as err:
                self.last_error = err
                # Remember the new mtimes so a broken file is reported once, not every poll.
                self._files[key] = {f: (f.stat().st_mtime if f.exists() else 0.0) for f in mtimes}
                continue
            old = self._programs[key]
            self._programs[key] = prog
            self._files[key] = new_mtimes
            old.release()
            self.last_error = None
            if name not in changed:
                changed.append(name)
        return changed


class _View:
    """A :class:`ProgramLibrary` seen through one instance number (for a repeated layer) and
    a set of defines (a quality tier)."""

    def __init__(self, library: ProgramLibrary, k: int, defines: tuple[str, ...]):
        self.library = library
        self.k = k
        self.defines = defines

    def get(self, name: str, instance: int | None = None):
        k = self.k if instance is None else instance
        return self.library.get(name, k, self.defines)

    def instance(self, k: int) -> _View:
        return _View(self.library, k, self.defines)

    def with_defines(self, defines: tuple[str, ...]) -> _View:
        return _View(self.library, self.k, tuple(defines))

    def __getattr__(self, attr):
        return getattr(self.library, attr)
