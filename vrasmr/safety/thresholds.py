"""Every number the sleep-safety check uses, in one place.

Each field names its unit; ``docs/sleep-safety.md`` gives the source and the reasoning
behind each value. Change a limit here and in that document together.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class SafetyThresholds:
    """Limits for one scene's recorded sound and picture."""

    # Loudness (ITU-R BS.1770 / EBU R 128 units).
    loudness_target_lufs: float = -28.0
    loudness_tolerance_lu: float = 4.0
    true_peak_max_dbtp: float = -6.0
    true_peak_oversampling: int = 4
    absolute_gate_lufs: float = -70.0

    # Startle: momentary loudness against the median of what came before.
    startle_window_s: float = 0.4
    startle_hop_s: float = 0.1
    startle_history_s: float = 10.0
    startle_max_rise_lu: float = 10.0
    startle_reference_floor_lufs: float = -35.0

    # Ear balance.
    ear_window_s: float = 3.0
    ear_hop_s: float = 0.5
    ear_max_difference_db: float = 20.0

    # Signal hygiene.
    dc_window_s: float = 10.0
    dc_max_offset: float = 1e-3
    click_context_samples: int = 48
    click_min_step: float = 0.01
    click_step_ratio: float = 10.0

    # Final fade.
    fade_silence_window_s: float = 1.0
    fade_silence_max_lufs: float = -70.0
    fade_black_max_luminance: float = 0.002

    # Picture (WCAG relative luminance, 0 = black, 1 = white).
    luminance_window_s: float = 10.0
    mean_luminance_max: float = 0.10
    flash_min_change: float = 0.10
    flash_dark_state_max: float = 0.80
    flash_window_s: float = 1.0
    flash_target_per_s: int = 0
    flash_fail_above_per_s: int = 1
    frame_jump_max: float = 0.04
    min_picture_fps: float = 10.0

    @property
    def loudness_band_lufs(self) -> tuple[float, float]:
        """The accepted integrated loudness, lowest and highest."""
        return (
            self.loudness_target_lufs - self.loudness_tolerance_lu,
            self.loudness_target_lufs + self.loudness_tolerance_lu,
        )

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


DEFAULT_THRESHOLDS = SafetyThresholds()
