"""Remembered results of past checks, so that the menu can mark a scene that failed.

The file is a cache: one that cannot be read (not UTF-8, not JSON, not an object of
true/false values) is ignored, and the next ``vrasmr check`` writes it anew.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from vrasmr.cache_files import read_entry, write_atomic
from vrasmr.safety.report import SceneReport

log = logging.getLogger(__name__)


def verdicts_path() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "safety" / "verdicts.json"


def _read(path: Path) -> dict[str, bool] | None:
    data = json.loads(path.read_text(encoding="utf-8"))  # not UTF-8: a ValueError
    if not isinstance(data, dict):
        return None
    return {str(scene): passed for scene, passed in data.items() if isinstance(passed, bool)}


def load_verdicts() -> dict[str, bool]:
    """Scene id to whether its last check passed; empty when nothing was checked or the cache
    is damaged (deleted with a warning, and the next check writes it again); entries that are
    not true/false are left out."""
    return read_entry(verdicts_path(), _read, "check results") or {}


def checked_scenes() -> set[str]:
    """Ids of the scenes ``vrasmr check`` has judged (passed or failed)."""
    return set(load_verdicts())


def failed_scenes() -> set[str]:
    """Ids of the scenes whose last check failed (never-checked scenes are not among them)."""
    return {scene for scene, passed in load_verdicts().items() if not passed}


def remember(reports: Iterable[SceneReport]) -> None:
    """Store each report's verdict, keeping those of scenes not in ``reports``; raises OSError
    when the cache cannot be written."""
    verdicts = load_verdicts()
    verdicts.update({report.scene_id: report.passed for report in reports})
    text = json.dumps(verdicts, indent=2, sort_keys=True)
    write_atomic(verdicts_path(), lambda file: file.write(text.encode("utf-8")))
