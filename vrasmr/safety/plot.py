"""``vrasmr check SCENE --plot out.png``: the recording as an author reads it, drawn with
Pillow (as :mod:`vrasmr.sleep.plot` draws the journal): loudness (momentary, short-term,
the startle threshold, the limits), the difference between the ears, and the picture's
mean luminance and melanopic light over time, each limit drawn and each failure marked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vrasmr.chart_style import BACKGROUND, GRID, font
from vrasmr.safety.check import Recording, fade_curve
from vrasmr.safety.report import SceneReport
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds

WIDTH, HEIGHT = 1400, 1190
TEXT = (205, 210, 228)
MUTED = (125, 132, 165)
LIMIT = (235, 110, 110)
BAND = (34, 52, 48)
FADE = (26, 28, 44)
MOMENTARY = (95, 120, 190)
SHORT_TERM = (245, 205, 125)
THRESHOLD = (190, 140, 230)
LEFT_EAR, SLOW = (120, 200, 230), (250, 250, 250)
LUMINANCE, MELANOPIC, EXPOSURE = (240, 200, 120), (130, 190, 255), (150, 220, 170)
LEFT, RIGHT = 110, WIDTH - 40


@dataclass
class _Panel:
    """A strip of the picture with a time axis shared by all and its own value axis."""

    draw: object
    top: int
    bottom: int
    duration: float
    low: float
    high: float
    log: bool = False

    def x(self, t: float) -> float:
        return LEFT + min(max(t / self.duration, 0.0), 1.0) * (RIGHT - LEFT)

    def y(self, v: float) -> float:
        if self.log:
            v, low, high = math.log10(max(v, 1e-12)), math.log10(self.low), math.log10(self.high)
        else:
            low, high = self.low, self.high
        f = (min(max(v, low), high) - low) / (high - low)
        return self.bottom - f * (self.bottom - self.top)

    def line(self, times: np.ndarray, values: np.ndarray, colour, width: int = 2) -> None:
        points = [(self.x(float(t)), self.y(float(v))) for t, v in zip(times, values, strict=True)]
        if len(points) > 1:
            self.draw.line(points, fill=colour, width=width)

    def hline(self, value: float, colour, label: str, font, dash: bool = False) -> None:
        y = self.y(value)
        if dash:
            for x in range(LEFT, RIGHT, 14):
                self.draw.line([(x, y), (min(x + 7, RIGHT), y)], fill=colour, width=2)
        else:
            self.draw.line([(LEFT, y), (RIGHT, y)], fill=colour, width=2)
        width = self.draw.textlength(label, font=font)
        self.draw.text((RIGHT - width - 4, y - 17), label, fill=colour, font=font)

    def frame(self, title: str, ticks: Sequence[tuple[float, str]], fonts) -> None:
        small, tiny = fonts
        self.draw.text((LEFT, self.top - 26), title, fill=TEXT, font=small)
        for value, label in ticks:
            y = self.y(value)
            self.draw.line([(LEFT, y), (RIGHT, y)], fill=GRID, width=1)
            w = self.draw.textlength(label, font=tiny)
            self.draw.text((LEFT - w - 8, y - 8), label, fill=MUTED, font=tiny)
        self.draw.rectangle([LEFT, self.top, RIGHT, self.bottom], outline=GRID)

    def mark(self, t: float, label: str, font) -> None:
        x = self.x(t)
        self.draw.line([(x, self.top), (x, self.bottom)], fill=LIMIT, width=1)
        self.draw.polygon([(x - 7, self.top), (x + 7, self.top), (x, self.top + 12)], fill=LIMIT)
        self.draw.text((x + 6, self.top + 2), label, fill=LIMIT, font=font)

    def shade(self, t0: float, t1: float, colour) -> None:
        self.draw.rectangle([self.x(t0), self.top + 1, self.x(t1), self.bottom - 1], fill=colour)


def plot_recording(
    recording: Recording,
    report: SceneReport,
    path: Path,
    thresholds: SafetyThresholds = DEFAULT_THRESHOLDS,
) -> Path:
    """Draw ``recording`` and what the check found in it to ``path`` (PNG)."""
    from PIL import Image, ImageDraw

    from vrasmr.safety import audio_metrics as am
    from vrasmr.safety.picture_metrics import scan_frames
    from vrasmr.sound.loudness import momentary_lufs, power_to_lufs, windowed_powers

    t = thresholds
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title, small, tiny = font(28), font(18), font(15)
    fonts = (small, tiny)
    sr, fps = recording.sr, recording.fps
    stereo = np.nan_to_num(np.asarray(recording.stereo, dtype=np.float64))
    duration = stereo.shape[0] / sr
    fade_start = len(recording.frames) / fps
    verdict = "PASS" if report.passed else f"FAIL ({len(report.failures)} findings)"
    draw.text((LEFT, 18), f"{report.scene_id}: {verdict}", fill=TEXT, font=title)
    guard = "guards acting" if recording.guarded else "as written (the runtime guards only watch)"
    draw.text((LEFT, 54), f"{duration:.0f} s rendered, {guard}", fill=MUTED, font=small)

    # Loudness.
    loud = _Panel(draw, 110, 400, duration, -80.0, -10.0)
    loud.shade(fade_start, duration, FADE)
    low, high = t.loudness_band_lufs
    draw.rectangle([LEFT + 1, loud.y(high), RIGHT - 1, loud.y(low)], fill=BAND)
    loud.frame(
        "Loudness (LUFS): momentary 400 ms, short-term 3 s, startle threshold",
        [(v, f"{v:g}") for v in range(-80, -9, 10)],
        fonts,
    )
    times, momentary = momentary_lufs(stereo, sr, t.startle_hop_s, t.startle_window_s)
    if times.size:
        fade = fade_curve(recording.fade_db, fps)
        threshold = am.startle_reference(times, momentary, t, fade) + t.startle_max_rise_lu
        loud.line(times, momentary, MOMENTARY, 1)
        loud.line(times, threshold, THRESHOLD, 2)
    st_times, st_power = windowed_powers(stereo, sr, 3.0, 0.5)
    if st_times.size:
        loud.line(st_times, power_to_lufs(st_power.sum(axis=1)), SHORT_TERM, 3)
    loud.hline(-20.0, LIMIT, "guard: -20 LUFS short-term", tiny, dash=True)
    loud.hline(t.startle_quiet_floor_lufs, MUTED, "quiet floor", tiny, dash=True)
    draw.text((LEFT + 8, loud.y(high) + 4), f"band {low:g}..{high:g}", fill=MUTED, font=tiny)

    # Ears.
    ears = _Panel(draw, 460, 620, duration, -15.0, 15.0)
    ears.shade(fade_start, duration, FADE)
    ears.frame(
        "Left ear minus right ear (dB, K-weighted): 3 s, and over 60 s as judged",
        [(v, f"{v:+g}") for v in (-15, -t.ear_max_difference_db, 0, t.ear_max_difference_db, 15)],
        fonts,
    )
    for window, colour, width in ((3.0, LEFT_EAR, 1), (t.ear_window_s, SLOW, 3)):
        w = min(window, duration)
        et, ep = windowed_powers(stereo, sr, w, 0.5 if window < 10 else t.ear_hop_s)
        if et.size:
            diff = power_to_lufs(ep[:, 0]) - power_to_lufs(ep[:, 1])
            ears.line(et - w / 2, diff, colour, width)
    ears.hline(t.ear_max_difference_db, LIMIT, "limit", tiny)
    ears.hline(-t.ear_max_difference_db, LIMIT, "limit", tiny)

    # Picture.
    stats = scan_frames([*recording.frames, *recording.final_frames])
    frame_times = np.arange(stats.mean_luminance.size) / fps
    light = _Panel(draw, 680, 900, duration, 1e-4, 1.0, log=True)
    light.shade(fade_start, duration, FADE)
    light.frame(
        "Mean relative luminance (log), and the light guard's exposure",
        [(v, f"{v:g}") for v in (1e-4, 1e-3, 1e-2, 0.1, 1.0)],
        fonts,
    )
    light.line(frame_times, stats.mean_luminance, LUMINANCE, 3)
    if recording.exposure is not None and recording.exposure.size:
        light.line(np.arange(recording.exposure.size) / fps, recording.exposure, EXPOSURE, 1)
    light.hline(t.mean_luminance_max, LIMIT, f"limit {t.mean_luminance_max:g}", tiny)
    mel = _Panel(draw, 960, 1090, duration, 1e-2, 100.0, log=True)
    mel.shade(fade_start, duration, FADE)
    mel.frame(
        "Melanopic EDI at the eye (lux, log; display: white 100 cd/m2, 100 deg field)",
        [(v, f"{v:g}") for v in (0.01, 0.1, 1.0, 10.0, 100.0)],
        fonts,
    )
    mel.line(frame_times, stats.melanopic_lux(t), MELANOPIC, 3)
    mel.hline(t.light_budget_start_lux, LIMIT, "evening limit 10 lux", tiny)
    mel.hline(t.light_budget_end_lux, LIMIT, "sleep limit 1 lux (end of fade)", tiny, dash=True)

    _mark_findings(report, {"sound": loud, "ears": ears, "light": light, "mel": mel}, tiny)
    for tick in np.arange(0.0, duration + 1e-9, _tick_step(duration)):
        x = loud.x(float(tick))
        draw.text((x - 10, 1098), f"{tick:.0f}", fill=MUTED, font=tiny)
    draw.text((LEFT, 1122), "time, s (shaded: the sleep-timer fade)", fill=MUTED, font=tiny)
    draw.text((LEFT, 1146), _legend(report), fill=MUTED, font=tiny)
    path = Path(path)
    image.save(path, format="PNG")
    return path


_PANEL_OF = {
    "startle": "sound",
    "loudness": "sound",
    "true_peak": "sound",
    "clicks": "sound",
    "non_finite": "sound",
    "dc_offset": "sound",
    "fade_to_silence": "sound",
    "ear_balance": "ears",
    "brightness": "light",
    "general_flash": "light",
    "frame_jump": "light",
    "fade_flash": "light",
    "fade_jump": "light",
    "fade_to_black": "light",
    "blue_share": "light",
    "light_budget": "mel",
    "light_budget_end": "mel",
}


def _mark_findings(report: SceneReport, panels: dict, font) -> None:
    """A red marker where each failure starts, on the panel it belongs to."""
    for finding in report.failures:
        panel = panels.get(_PANEL_OF.get(finding.metric, "sound"))
        if panel is None or finding.at_s is None:  # (the whole recording: in the legend)
            continue
        panel.mark(finding.at_s, f"{finding.metric} {finding.value:.3g}", font)


def _tick_step(duration: float) -> float:
    for step in (5, 10, 15, 30, 60, 120, 300):
        if duration / step <= 14:
            return float(step)
    return 600.0


def _legend(report: SceneReport) -> str:
    failures = ", ".join(sorted({f.metric for f in report.failures})) or "none"
    return (
        "momentary: blue, short-term: amber, startle threshold: violet (10 LU over the "
        f"median of the 10 s before, never under the quiet floor);  failed: {failures}"
    )
