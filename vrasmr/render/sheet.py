"""A contact sheet: every scene from the headset's resting gaze, one eye, in one labelled grid.

Under each picture stand the figures a reviewer reads before and after a change: the mean
relative luminance, its 99.5th percentile (something to rest the eyes on) and the blue share
of the light, linear B / (R + G + B). Each scene is drawn at ``FIGURE_SIZE`` as the person
sees it (the scene's own brightness, the default night warmth, fully faded in) from its
``[thumbnail]`` camera (yaw, pitch, field of view, time) through the left eye, and measured
there; the grid shows it smaller.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FIGURE_SIZE = (1280, 720)
TILE_SIZE = (400, 225)
COLUMNS = 3
IPD_M = 0.063

# What every shipped scene meets (issue 24): dim but never black, something bright enough to
# rest the eyes on, and warm light at bedtime.
MEAN_LUMINANCE_RANGE = (0.005, 0.05)
BRIGHT_PERCENTILE = 99.5
BRIGHT_MIN = 0.15
BLUE_SHARE_WARM = 0.12  # indoor and fire scenes: 3,000 K or warmer
BLUE_SHARE_NIGHT = 0.35  # moonlit and outdoor night scenes, if they are dimmer ...
NIGHT_MEAN_MAX = 0.025  # ... than this mean luminance (half the ceiling)


@dataclass(frozen=True)
class PictureFigures:
    """What the sheet says under a picture."""

    mean_luminance: float
    bright_luminance: float  # the BRIGHT_PERCENTILE-th percentile of relative luminance
    blue_share: float


def figures(rgb: np.ndarray) -> PictureFigures:
    """The figures of an sRGB picture, ``(h, w, 3)`` uint8."""
    from vrasmr.safety.picture_metrics import LUMINANCE_WEIGHTS, linear_rgb

    linear = linear_rgb(np.asarray(rgb)[..., :3] / 255.0)
    luminance = linear @ LUMINANCE_WEIGHTS
    light = linear.reshape(-1, 3).sum(axis=0)
    total = float(light.sum())
    return PictureFigures(
        float(luminance.mean()),
        float(np.percentile(luminance, BRIGHT_PERCENTILE)),
        float(light[2]) / total if total > 0 else 0.0,
    )


def light_class(scene) -> str:
    """ "warm" for indoor and fire scenes (``setting = "indoor"``, the default), "night" for
    a moonlit ``outdoor_night``: the same setting the check's blue-share rule reads."""
    return "night" if scene.setting == "outdoor_night" else "warm"


def figure_problems(scene, found: PictureFigures) -> list[str]:
    """Where ``found`` misses the targets for ``scene``; empty when it meets them all."""
    lo, hi = MEAN_LUMINANCE_RANGE
    out = []
    if not lo <= found.mean_luminance <= hi:
        out.append(f"mean luminance {found.mean_luminance:.4f} outside {lo}-{hi}")
    if found.bright_luminance < BRIGHT_MIN:
        out.append(
            f"{BRIGHT_PERCENTILE}th percentile {found.bright_luminance:.3f} below {BRIGHT_MIN}"
        )
    if light_class(scene) == "warm":
        if found.blue_share > BLUE_SHARE_WARM:
            out.append(f"blue share {found.blue_share:.3f} above {BLUE_SHARE_WARM} (warm scene)")
    elif found.blue_share > BLUE_SHARE_NIGHT:
        out.append(f"blue share {found.blue_share:.3f} above {BLUE_SHARE_NIGHT} (night scene)")
    elif found.blue_share > BLUE_SHARE_WARM and found.mean_luminance > NIGHT_MEAN_MAX:
        out.append(
            f"blue share {found.blue_share:.3f} with mean luminance "
            f"{found.mean_luminance:.4f}: a cool night scene must stay under {NIGHT_MEAN_MAX}"
        )
    return out


def resting_eye(scene):
    """The left eye's pose at the scene's resting gaze (its ``[thumbnail]`` yaw and pitch)."""
    from vrasmr.xmath import Pose, eye_poses, quat_from_yaw_pitch_roll

    shot = scene.thumbnail
    yaw, pitch = math.radians(shot.yaw_deg), math.radians(shot.pitch_deg)
    head = Pose.make(orientation=quat_from_yaw_pitch_roll(yaw, pitch))
    return eye_poses(head, IPD_M)[0]


def scene_picture(scene, size: tuple[int, int] = FIGURE_SIZE, *, gl=None):
    """``scene`` (a loaded model) as the person sees it from its resting gaze: a PIL image
    (``gl``: see :func:`~vrasmr.render.thumbnails.render_still`)."""
    from vrasmr.render.contract import Look
    from vrasmr.render.thumbnails import render_still, scene_layers

    shot = scene.thumbnail
    return render_still(
        scene_layers(scene),
        size,
        time_s=shot.time_s,
        head=resting_eye(scene),
        look=Look(brightness=scene.brightness),
        fov_deg=shot.fov_deg,
        gl=gl,
    )


def contact_sheet(scenes, *, size=FIGURE_SIZE, tile=TILE_SIZE, columns: int = COLUMNS, gl=None):
    """Every scene of ``scenes`` (loaded models) in one grid: ``(PIL image, figures)``, the
    figures a list of ``(scene id, PictureFigures)`` in the same order."""
    from PIL import Image, ImageDraw, ImageFont

    scenes = list(scenes)
    label_h = 44
    rows = max(1, math.ceil(len(scenes) / columns))
    pad = 8
    tw, th = tile
    sheet = Image.new("RGB", (columns * (tw + pad) + pad, rows * (th + label_h + pad) + pad))
    draw = ImageDraw.Draw(sheet)
    title_font = ImageFont.load_default(size=15)
    small_font = ImageFont.load_default(size=13)
    found = []
    for k, scene in enumerate(scenes):
        picture = scene_picture(scene, size, gl=gl)
        numbers = figures(np.asarray(picture))
        found.append((scene.id, numbers))
        x = pad + (k % columns) * (tw + pad)
        y = pad + (k // columns) * (th + label_h + pad)
        sheet.paste(picture.resize(tile, Image.Resampling.BOX), (x, y))
        problems = figure_problems(scene, numbers)
        draw.text(
            (x, y + th + 4), f"{scene.id} ({light_class(scene)})", (200, 180, 150), title_font
        )
        line = (
            f"mean {numbers.mean_luminance:.4f}  p99.5 {numbers.bright_luminance:.3f}  "
            f"blue {numbers.blue_share:.3f}"
        )
        colour = (200, 110, 90) if problems else (150, 140, 120)
        draw.text(
            (x, y + th + 24), line + ("  (off target)" if problems else ""), colour, small_font
        )
    return sheet, found
