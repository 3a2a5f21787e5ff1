"""Remembered results of past checks, so that the menu can mark a scene that failed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from vrasmr.cache_files import read_entry, write_atomic
from vrasmr.safety.report import SceneReport


def verdicts_path() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "safety" / "verdicts.json"


def _read(path: Path) -> dict[str, bool] | None:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return None
    return {str(scene): bool(passed) for scene, passed in data.items()}


def load_verdicts() -> dict[str, bool]:
    """Scene id to whether its last check passed; empty when nothing was checked (or the
    file was damaged: it is deleted with a warning, and the next check writes it again)."""
    return read_entry(verdicts_path(), _read, "check results") or {}


def scene_failed(scene_id: str) -> bool:
    """True only when the scene was checked and its last check failed."""
    return load_verdicts().get(scene_id) is False


def remember(reports: Iterable[SceneReport]) -> None:
    """Store each report's verdict, keeping those of scenes not in ``reports``."""
    verdicts = load_verdicts()
    verdicts.update({report.scene_id: report.passed for report in reports})
    text = json.dumps(verdicts, indent=2, sort_keys=True)
    write_atomic(verdicts_path(), lambda file: file.write(text.encode("utf-8")))
