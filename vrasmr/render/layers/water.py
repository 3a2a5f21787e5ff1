"""Calm water: slow small waves, a mirrored sky gradient and a soft moon glint."""

from __future__ import annotations

from vrasmr.render.layers.base import colour, param
from vrasmr.render.layers.common import FullscreenLayer

_MOON = (-0.4226, 0.4226, -0.8021)  # the sky's default moon, used when there is no sky layer


class WaterLayer(FullscreenLayer):
    program_name = "water"
    draw_order = 20

    def configure(self, params) -> None:
        self.set_uniform("u_colour", colour(params, "colour", "#050a12"))
        self.set_uniform("u_level", float(param(params, "level_m", -1.5)))
        self.set_uniform("u_wave_height", float(param(params, "wave_height_m", 0.05)))
        self.set_uniform("u_wave_speed", float(param(params, "wave_speed_m_s", 0.1)))
        self.set_uniform("u_reflection", float(param(params, "reflection", 0.4)))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))
        self._sky(None)

    def _sky(self, sky) -> None:
        zenith = getattr(sky, "zenith", (0.0009, 0.0012, 0.003))
        horizon = getattr(sky, "horizon", (0.0037, 0.005, 0.014))
        moon = getattr(sky, "moon_dir", _MOON) if sky is not None else _MOON
        self.set_uniform("u_sky_zenith", zenith)
        self.set_uniform("u_sky_horizon", horizon)
        self.set_uniform("u_moon_dir", moon or _MOON)
        self.set_uniform("u_moon", 0.0 if moon is None else 1.0)

    def link(self, layers) -> None:
        self._linked = next((la for la in layers if la.program_name == "sky"), None)
        self._sky(self._linked)

    def rebind(self) -> None:
        super().rebind()
        self._sky(getattr(self, "_linked", None))
