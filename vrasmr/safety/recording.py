"""What a scene recorder hands to the safety check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from vrasmr.errors import VrasmrError


@dataclass(frozen=True)
class Recording:
    """A scene rendered offline.

    ``stereo`` is ``(n, 2)`` float samples at default volume whose last second is the end of
    the final fade; ``frames`` are sRGB ``(h, w, 3)`` floats in 0..1 at ``fps``, and
    ``final_frames`` the frames of the final fade to black, at the same ``fps``.
    """

    stereo: np.ndarray
    sr: int
    frames: Sequence[np.ndarray]
    fps: float
    final_frames: Sequence[np.ndarray] = ()


class RecorderUnavailable(VrasmrError, RuntimeError):
    """Scenes cannot be rendered offline in this build or on this machine."""


Recorder = Callable[[str, float, int], Recording]
"""``recorder(scene_id, minutes, size) -> Recording``."""
