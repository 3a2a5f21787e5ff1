"""Aurora: slow curtains of light high in the sky, added on top of it."""

from __future__ import annotations

import math
import struct

from vrasmr.render.layers.base import hex_to_linear, param
from vrasmr.render.layers.common import FullscreenLayer

_DEFAULT = ("#0a3020", "#10203a")


class AuroraLayer(FullscreenLayer):
    program_name = "aurora"
    draw_order = 25  # after terrain and water: it shows only where they leave sky
    depth_write = False

    def configure(self, params) -> None:
        names = list(param(params, "colours", _DEFAULT) or _DEFAULT)[:4]
        cols = [hex_to_linear(c if str(c).startswith("#") else "#10203a") for c in names]
        count = len(cols)
        cols += [cols[-1]] * (4 - count)
        if "u_colours" in self.program:
            self.program["u_colours"].write(b"".join(struct.pack("3f", *c) for c in cols))
        self.set_uniform("u_count", count)
        self.set_uniform("u_intensity", float(param(params, "intensity", 0.3)))
        self.set_uniform("u_speed", float(param(params, "speed", 0.03)))
        el = math.radians(float(param(params, "elevation_deg", 35.0)))
        self.set_uniform("u_band_dist", 1.0 / math.tan(el))
        self.set_uniform("u_opacity", float(param(params, "opacity", 1.0)))
        self._water(getattr(self, "_linked", None))

    def _water(self, water) -> None:
        level = float(param(water.params, "level_m", -1.5)) if water is not None else -1.5
        mirror = 0.5 * float(param(water.params, "reflection", 0.4)) / 0.4 if water else 0.0
        self.set_uniform("u_water_level", level)
        self.set_uniform("u_water_mirror", min(mirror, 0.9))

    def link(self, layers) -> None:
        self._linked = next((la for la in layers if la.program_name == "water"), None)
        self._water(self._linked)
