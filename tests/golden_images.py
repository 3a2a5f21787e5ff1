"""Golden images that can fail: brightened pictures, compared where the content is.

A golden holds the layers' linear picture (before the post pass) brightened by a whole
number of stops so that its content spans the 8-bit levels, sRGB-encoded; the stops are
chosen when the golden is written and kept in the PNG. A sleep-dim layer's real output uses
a dozen levels, where a small change to a parameter is lost in rounding.

The comparison looks only at the content (pixels lit in either picture, and their
neighbours, so a shape that moves counts on both sides): a change of shape or place shows as
content pixels off by more than ``PIXEL_LEVELS``; a uniform dimming or tint too small for
that shows as a mean signed difference over the content. One level of rounding either way
(another llvmpipe build) passes.

Regenerate after an intended change of the picture: ``VRASMR_REGEN_GOLDEN=1 python -m
pytest tests/test_render_layers.py tests/test_scene_library.py -k golden``, look at the
PNGs, commit them with the reason.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

GOLDEN_DIR = Path(__file__).parent / "golden"
STOPS_KEY = "vrasmr-exposure-stops"  # PNG text chunk: the brightening the golden was made with
TARGET_LINEAR = 0.6  # the content's 99th percentile is brightened to about this (sRGB ~200)
MAX_STOPS = 8

CONTENT_LEVEL = 2  # a pixel above this (any channel, of 255) holds content
PIXEL_LEVELS = 2  # a content pixel may differ by this much (rounding in another llvmpipe)
OUTLIER_SHARE = 0.005  # share of content pixels that may differ by more (edge pixels)
BIAS_LEVELS = 0.5  # the mean signed difference of a channel over the content, in levels


def expose(linear: np.ndarray, stops: int) -> np.ndarray:
    """Linear RGB brightened by ``stops`` (x 2**stops), sRGB-encoded to uint8."""
    c = np.clip(linear * 2.0**stops, 0.0, 1.0)
    srgb = np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1.0 / 2.4) - 0.055)
    return np.round(srgb * 255.0).astype(np.uint8)


def stops_for(linear: np.ndarray) -> int:
    """Whole stops that bring the 99th percentile of the lit pixels to ``TARGET_LINEAR``."""
    lit = linear.max(axis=-1)
    lit = lit[lit > 0]
    if not lit.size:
        return 0
    peak = float(np.percentile(lit, 99))
    return int(np.clip(math.floor(math.log2(TARGET_LINEAR / peak)), 0, MAX_STOPS))


def golden(name: str) -> tuple[np.ndarray, int]:
    """``tests/golden/<name>.png`` as uint8 RGB, and the stops it was brightened by."""
    from PIL import Image

    with Image.open(GOLDEN_DIR / f"{name}.png") as img:
        return np.asarray(img.convert("RGB")), int(img.text.get(STOPS_KEY, 0))


def golden_problems(want: np.ndarray, got: np.ndarray) -> list[str]:
    """Why ``got`` does not match the golden ``want`` (both uint8 RGB); empty when it does."""
    from scipy.ndimage import binary_dilation

    if want.shape != got.shape:
        return [f"size {got.shape} where the golden is {want.shape}"]
    w, g = want.astype(np.float64), got.astype(np.float64)
    lit = (w.max(axis=-1) > CONTENT_LEVEL) | (g.max(axis=-1) > CONTENT_LEVEL)
    content = binary_dilation(lit, np.ones((3, 3), bool))
    if not content.any():
        return ["nothing drawn, in the golden or now"]
    signed = (g - w)[content]
    off = np.abs(signed).max(axis=-1) > PIXEL_LEVELS
    bias = signed.mean(axis=0)
    problems = []
    if off.mean() > OUTLIER_SHARE:
        problems.append(
            f"{off.sum()} of {content.sum()} content pixels differ by more than "
            f"{PIXEL_LEVELS} levels (at most {OUTLIER_SHARE:.1%} may)"
        )
    if np.abs(bias).max() > BIAS_LEVELS:
        rgb = ", ".join(f"{b:+.2f}" for b in bias)
        problems.append(f"content brighter or darker on average by ({rgb}) levels (RGB)")
    return problems


def differs_from_golden(name: str, linear: np.ndarray) -> list[str]:
    """``golden_problems`` of the linear picture brightened as the golden ``name`` was."""
    want, stops = golden(name)
    return golden_problems(want, expose(linear, stops))


def check_golden(name: str, linear: np.ndarray) -> None:
    """Compare a linear picture with tests/golden/<name>.png; VRASMR_REGEN_GOLDEN=1 writes it."""
    from PIL import Image, PngImagePlugin

    path = GOLDEN_DIR / f"{name}.png"
    if os.environ.get("VRASMR_REGEN_GOLDEN") == "1":
        stops = stops_for(linear)
        info = PngImagePlugin.PngInfo()
        info.add_text(STOPS_KEY, str(stops))
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(expose(linear, stops)).save(path, pnginfo=info)
        return
    if not path.exists():
        pytest.fail(f"no golden image {path}; run with VRASMR_REGEN_GOLDEN=1 to make it")
    problems = differs_from_golden(name, linear)
    assert not problems, f"{name}: " + "; ".join(problems)
