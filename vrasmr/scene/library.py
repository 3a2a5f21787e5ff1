"""All scenes, kept current by polling file times: hot reload without threads.

``SceneLibrary.poll()`` is cheap (a ``stat`` per file); call it about once a second. A broken
edit keeps the last good version of the scene and reports the error as an event.
``SceneLibrary.check_files()`` gives ``vrasmr scenes validate`` the same verdicts: one set of
rules (:meth:`SceneLibrary.read_scene`) decides what loads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vrasmr.scene.errors import SceneError
from vrasmr.scene.loading import ContentIndex, load_scene, recipe_dirs
from vrasmr.scene.model import Scene

EventKind = Literal["added", "changed", "removed", "error"]


@dataclass(frozen=True)
class LibraryEvent:
    """What one poll found: a scene added, changed or removed, or a file that failed."""

    kind: EventKind
    path: Path
    scene_id: str | None = None
    error: SceneError | None = None


def default_scene_dirs() -> tuple[Path, Path]:
    """Shipped scenes first, then the user's own (which may not reuse a shipped id)."""
    from vrasmr.content import scenes_dir, user_scenes_dir

    return (scenes_dir(), user_scenes_dir())


def _snapshot(folders: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    out = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                st = path.stat()
            except OSError:  # e.g. a link to nothing: still listed, so its error is reported
                out[path] = (-1, -1)
                continue
            out[path] = (st.st_mtime_ns, st.st_size)
    return out


def _same_place(path: Path) -> Path:
    """``path`` with its folder resolved and its own name kept (a link stays the link)."""
    path = Path(path)
    return path.parent.resolve() / path.name


def _link_error(path: Path) -> SceneError:
    try:
        target = f" to {os.readlink(path)}"
    except OSError:
        target = ""
    return SceneError(
        f"is a link{target}; scenes in {path.parent} are loaded only from real files (as "
        "audio is): copy the scene here instead of linking it",
        file=path,
    )


class SceneLibrary:
    """Scenes by id from the scene folders, reloaded when their files or recipes change."""

    def __init__(
        self,
        scene_dirs: Sequence[Path] | None = None,
        recipe_folders: Sequence[Path] | None = None,
    ) -> None:
        self.scene_dirs = tuple(Path(d) for d in (scene_dirs or default_scene_dirs()))
        self.recipe_folders = tuple(Path(d) for d in (recipe_folders or recipe_dirs()))
        self.scenes: dict[str, Scene] = {}
        self.errors: dict[Path, SceneError] = {}
        self.recipe_errors: list[SceneError] = []
        self._owner: dict[str, Path] = {}
        self._seen: dict[Path, tuple[int, int]] = {}
        self._recipes_seen: dict[Path, tuple[int, int]] | None = None
        self._content = ContentIndex()

    @property
    def content(self) -> ContentIndex:
        """The recipes, scripts and audio folders the scenes were checked against."""
        return self._content

    def get(self, scene_id: str) -> Scene:
        return self.scenes[scene_id]

    def ids(self) -> list[str]:
        return sorted(self.scenes)

    def path_of(self, scene_id: str) -> Path:
        return self._owner[scene_id]

    def _is_builtin(self, path: Path) -> bool:
        return path.parent == self.scene_dirs[0]

    def is_users(self, scene_id: str) -> bool:
        """True for a scene from the user's own folder (not shipped)."""
        return not self._is_builtin(self._owner[scene_id])

    def poll(self) -> list[LibraryEvent]:
        """Reload what changed on disk since the last call; the first call loads everything."""
        events: list[LibraryEvent] = []
        recipes_now = _snapshot(self.recipe_folders)
        recipes_changed = recipes_now != self._recipes_seen
        if recipes_changed:
            self._recipes_seen = recipes_now
            self._content, self.recipe_errors = ContentIndex.load_from(self.recipe_folders)
            events += [
                LibraryEvent("error", Path(e.file or "."), error=e) for e in self.recipe_errors
            ]
        now = _snapshot(self.scene_dirs)
        for path in [p for p in self._seen if p not in now]:
            events += self._forget(path)
        # Shipped scenes first so a user scene can never take a shipped id.
        ordered = sorted(now, key=lambda p: (not self._is_builtin(p), str(p)))
        for path in ordered:
            if recipes_changed or self._seen.get(path) != now[path]:
                events += self._load(path)
        self._seen = now
        return events

    def _forget(self, path: Path) -> list[LibraryEvent]:
        self.errors.pop(path, None)
        for sid, owner in list(self._owner.items()):
            if owner == path:
                del self._owner[sid]
                del self.scenes[sid]
                return [LibraryEvent("removed", path, sid)]
        return []

    def read_scene(self, path: Path, owners: Mapping[str, Path], *, user: bool) -> Scene:
        """Load ``path`` by this library's rules; raises SceneError. A user's scene file may
        not be a link, and no scene may take an id in ``owners`` (id → file) but its own."""
        if user and path.is_symlink():
            raise _link_error(path)
        scene = load_scene(path, self._content)
        owner = owners.get(scene.id)
        if owner is not None and owner != path:
            raise SceneError(
                f"id '{scene.id}' is already used by {owner}; give this scene another id "
                f"(for example '{scene.id}-mine') and rename the file to match",
                file=path,
                field="id",
            )
        return scene

    def check_files(self, paths: Iterable[Path]) -> tuple[dict[str, Scene], list[SceneError]]:
        """What loading reports for ``paths`` (call :meth:`poll` first): a file in the scene
        folders gets the library's own verdict; any other file is checked as a scene about to
        join them (no link check: it is not in a scene folder yet)."""
        known = {_same_place(path): path for path in self._seen}
        owners = dict(self._owner)
        scenes: dict[str, Scene] = {}
        errors: list[SceneError] = []
        for path in map(Path, paths):
            mine = known.get(_same_place(path))
            if mine is not None and mine in self.errors:
                errors.extend(self.errors[mine].all)
                continue
            scene_id = next((s for s, p in self._owner.items() if p == mine), None)
            if scene_id is not None:
                scenes[scene_id] = self.scenes[scene_id]
                continue
            try:
                scene = self.read_scene(path, owners, user=False)
            except SceneError as exc:
                errors.extend(exc.all)
                continue
            owners[scene.id] = path
            scenes[scene.id] = scene
        return scenes, errors

    def _load(self, path: Path) -> list[LibraryEvent]:
        previous_id = next((s for s, p in self._owner.items() if p == path), None)
        try:
            scene = self.read_scene(path, self._owner, user=not self._is_builtin(path))
        except SceneError as exc:
            self.errors[path] = exc
            return [LibraryEvent("error", path, previous_id, exc)]
        self.errors.pop(path, None)
        events = []
        if previous_id is not None and previous_id != scene.id:
            events += self._forget(path)
        if self.scenes.get(scene.id) == scene:
            return events
        kind: EventKind = "changed" if scene.id in self.scenes else "added"
        self.scenes[scene.id] = scene
        self._owner[scene.id] = path
        return [*events, LibraryEvent(kind, path, scene.id)]
