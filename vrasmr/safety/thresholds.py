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

    # The playback level every absolute figure assumes: at default volume a programme at
    # playback_reference_lufs plays at playback_reference_db_spl at the ear.
    playback_reference_lufs: float = -23.0
    playback_reference_db_spl: float = 45.0

    # Startle: momentary loudness against the median of what came before, never against
    # less than the quiet floor (about the threshold of hearing at the playback level).
    startle_window_s: float = 0.4
    startle_hop_s: float = 0.1
    startle_history_s: float = 10.0
    startle_max_rise_lu: float = 10.0
    startle_quiet_floor_lufs: float = -60.0
    # The scene's own start ramp (known, even in dB) is taken out of the reference where it
    # rises no faster than this: a slow fade is no startle, a fast one is judged as heard.
    startle_fade_max_db_s: float = 1.5

    # Ear balance: the K-weighted level difference between the ears, sustained.
    ear_window_s: float = 60.0
    ear_hop_s: float = 5.0
    ear_max_difference_db: float = 6.0

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

    # Blue share (linear B over R + G + B), judged where the picture is bright enough for
    # its colour to matter; an outdoor night may be bluer while it stays dimmer.
    blue_judged_from_luminance: float = 0.005
    blue_share_max_indoor: float = 0.12
    blue_share_max_outdoor_night: float = 0.35
    outdoor_night_luminance_max: float = 0.05

    # Light budget: melanopic EDI at the eye (CIE S 026) on one headset display model.
    display_white_cd_m2: float = 100.0
    display_half_field_deg: float = 50.0
    melanopic_der_r: float = 0.0058
    melanopic_der_g: float = 0.6334
    melanopic_der_b: float = 6.2103
    light_budget_start_lux: float = 10.0
    light_budget_end_lux: float = 1.0

    @property
    def quiet_floor_db_spl(self) -> float:
        """The startle floor at the ear, under the playback assumption."""
        offset = self.playback_reference_db_spl - self.playback_reference_lufs
        return self.startle_quiet_floor_lufs + offset

    @property
    def melanopic_lux_per_linear_rgb(self) -> tuple[float, float, float]:
        """Melanopic EDI at the eye (lux) of each full-scale linear primary over the whole
        view: its luminance on the display model times the illuminance a uniform field of
        ``display_half_field_deg`` gives (pi L sin^2) times the primary's melanopic DER."""
        import math

        field = math.pi * math.sin(math.radians(self.display_half_field_deg)) ** 2
        ders = (self.melanopic_der_r, self.melanopic_der_g, self.melanopic_der_b)
        weights = (0.2126, 0.7152, 0.0722)
        lux = self.display_white_cd_m2 * field
        return tuple(lux * w * d for w, d in zip(weights, ders, strict=True))

    def blue_share_max(self, setting: str) -> float:
        """The blue-share limit for a scene's ``setting`` ("indoor" or "outdoor_night")."""
        if setting == "outdoor_night":
            return self.blue_share_max_outdoor_night
        return self.blue_share_max_indoor

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
