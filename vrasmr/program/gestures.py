"""The gestures a program's cues will need, made ahead on a worker (never the sound thread):
each utterance's cues a few utterances before it is spoken, kept until its clause starts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import numpy as np

from vrasmr.program.cues import GestureMaker, gesture_seed

_log = logging.getLogger(__name__)


class Gestures:
    """Futures of gestures by (script index, utterance, cue number), made by ``make`` on the
    pool ``pool()`` gives (the scene loader's makers by default)."""

    def __init__(self, make: GestureMaker, seed: int, pool: Callable[[], object] | None = None):
        self.make = make
        self.seed = seed
        self._pool = pool or _sound_makers
        self._made: dict[tuple, object] = {}

    def ahead(self, items: Iterable) -> None:
        """Start making the gestures of the cues of ``items`` (speech items with a tag)."""
        for item in items:
            tag = item.tag
            for n, cue in enumerate((*tag.cues, *tag.cues_after)):
                key = (tag.index, tag.utterance, n)
                if key not in self._made:
                    self._made[key] = self._submit(tag, n, cue)

    def take(self, tag, n: int, cue, *, wait: bool) -> np.ndarray | None:
        """The gesture for cue ``n`` of ``tag``'s utterance: made, or None when it is not
        ready and ``wait`` is False (live play never waits: the cue is left out)."""
        future = self._made.pop((tag.index, tag.utterance, n), None)
        if future is None:
            future = self._submit(tag, n, cue)
        if not future.done() and not wait:
            _log.warning("a %s cue was not ready in time and is left out", cue.sound)
            return None
        try:
            return future.result()
        except Exception as exc:  # a gesture that cannot be made is left out, not a fault
            _log.warning("the %s cue could not be made (%s)", cue.sound, exc)
            return None

    def clear(self) -> None:
        self._made.clear()

    def _submit(self, tag, n: int, cue):
        seed = gesture_seed(self.seed, tag.script_id, tag.utterance, n)
        return self._pool().submit(self.make, cue.sound, cue.seconds, seed)


def _sound_makers():
    from vrasmr.session.assets import sound_makers

    return sound_makers()
