"""Remembered results of past checks, so that the menu can mark a scene that failed.

The file is a cache: one that cannot be read (not UTF-8, not JSON, not an object of
true/false values) is ignored, and the next ``vrasmr check`` writes it anew.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

from vrasmr.safety.report import SceneReport

log = logging.getLogger(__name__)


def verdicts_path() -> Path:
    from vrasmr.content import user_cache_dir

    return user_cache_dir() / "safety" / "verdicts.json"


def load_verdicts() -> dict[str, bool]:
    """Scene id to whether its last check passed; empty when nothing was checked or the cache
    is damaged (entries that are not true/false are left out)."""
    path = verdicts_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        log.info("ignoring the damaged safety-check cache %s (%s)", path, exc)
        return {}
    if not isinstance(data, dict):
        log.info("ignoring the safety-check cache %s: not a JSON object", path)
        return {}
    return {scene: passed for scene, passed in data.items() if isinstance(passed, bool)}


def scene_failed(scene_id: str, verdicts: dict[str, bool] | None = None) -> bool:
    """True only when the scene was checked and its last check failed (``verdicts``: those
    already loaded, to read the file once for many scenes)."""
    return (load_verdicts() if verdicts is None else verdicts).get(scene_id) is False


def remember(reports: Iterable[SceneReport]) -> None:
    """Store each report's verdict, keeping those of scenes not in ``reports``; raises OSError
    when the cache cannot be written."""
    verdicts = load_verdicts()
    verdicts.update({report.scene_id: report.passed for report in reports})
    path = verdicts_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(verdicts, indent=2, sort_keys=True), encoding="utf-8")
    temporary.replace(path)
