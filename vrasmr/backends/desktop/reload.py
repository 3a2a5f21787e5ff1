"""Hot reload for the desktop preview: shaders, scenes and recipes, polled about once a second.

A broken edit never stops the session: the shader library keeps the last good program and
the App keeps the current scene when a switch fails; the error stays on screen until fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

SCENE_SWITCH_FAILED = "scene switch failed"


def default_watch_dirs() -> tuple[Path, ...]:
    """Shipped and user scene folders and the recipe folders."""
    from vrasmr.content import scenes_dir, user_scenes_dir
    from vrasmr.scene.loading import recipe_dirs

    return (scenes_dir(), user_scenes_dir(), *recipe_dirs())


def snapshot(dirs: Sequence[Path], pattern: str = "*.toml") -> dict[Path, float]:
    """Modification times of every matching file in ``dirs`` (missing folders are empty)."""
    out: dict[Path, float] = {}
    for folder in dirs:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in folder.rglob(pattern):
            try:
                out[path] = path.stat().st_mtime_ns
            except OSError:
                continue
    return out


class HotReload:
    """Polls for edits and reloads; ``errors()`` is what the overlay should show."""

    def __init__(self, app, dirs: Sequence[Path] | None = None, interval_s: float = 1.0):
        self.app = app
        self.dirs = tuple(default_watch_dirs() if dirs is None else dirs)
        self.interval_s = interval_s
        self._files = snapshot(self.dirs)
        self._last_poll: float | None = None
        self._switch_from = None  # the scene being replaced while a reload is in flight
        self._problems_before = 0
        self.scene_error: str | None = None
        self.shader_error: str | None = None
        self.scene_reloads = 0
        self.shader_reloads = 0

    def poll(self, now_s: float, *, force: bool = False) -> None:
        """Reload what changed, at most every ``interval_s`` unless ``force``."""
        self._watch_switch()
        if not force and self._last_poll is not None and now_s - self._last_poll < self.interval_s:
            return
        self._last_poll = now_s
        self._reload_shaders()
        files = snapshot(self.dirs)
        if files != self._files:
            self._files = files
            self._reload_scene()

    def _reload_shaders(self) -> None:
        renderer = self.app.renderer
        if renderer is None:
            return
        try:
            self.shader_reloads += len(renderer.reload_shaders())
        except Exception as exc:  # a layer that cannot rebind must not end the session
            self.shader_error = f"shader reload failed: {exc}"
            return
        err = getattr(renderer.programs, "last_error", None)
        self.shader_error = None if err is None else f"shader: {err}"

    def _reload_scene(self) -> None:
        app = self.app
        self._switch_from = app.scene
        self._problems_before = len(app.problems)
        app.switch_scene(app.scene.scene.id)

    def _watch_switch(self) -> None:
        """Notice when an in-flight reload landed (clear the error) or failed (show it)."""
        if self._switch_from is None:
            return
        app = self.app
        if app.scene is not self._switch_from:
            self._switch_from = None
            self.scene_error = None
            self.scene_reloads += 1
            # The failure is fixed: drop it so the same mistake shows again if repeated.
            app.problems[:] = [p for p in app.problems if not p.startswith(SCENE_SWITCH_FAILED)]
            return
        new = [
            p for p in app.problems[self._problems_before :] if p.startswith(SCENE_SWITCH_FAILED)
        ]
        if new:
            self.scene_error = new[-1]
            self._switch_from = None
            app.problems[:] = [p for p in app.problems if p != new[-1]]

    def errors(self) -> list[str]:
        return [e for e in (self.shader_error, self.scene_error) if e]
