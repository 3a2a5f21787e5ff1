"""Aurora: slow curtains of light high in the sky, added on top of it."""

from __future__ import annotations

import math
import struct

from vrasmr.render.layers.base import hex_to_linear
from vrasmr.render.layers.common import ShaderGeometryDrawer
from vrasmr.render.layers.water import WaterDrawer

MAX_BANDS = 4  # must match shaders/aurora.glsl
MIRROR_PER_REFLECTION = 1.25  # the aurora shows at half strength in water of reflection 0.4
MIRROR_LIMIT = 0.9


class AuroraDrawer(ShaderGeometryDrawer):
    """One triangle over the view, added where terrain and water leave sky."""

    program_name = "aurora"
    draw_order = 25  # after terrain and water: it shows only where they leave sky
    depth_write = False

    def configure(self, layer) -> None:
        # A palette name left unresolved has no colour: the band takes the field's default.
        names = [c for c in layer.colours if c.startswith("#")]
        names = names or type(layer).model_fields["colours"].default_factory()
        cols = [hex_to_linear(c) for c in names[:MAX_BANDS]]
        count = len(cols)
        cols += [cols[-1]] * (MAX_BANDS - count)
        if "u_colours" in self.program:
            self.program["u_colours"].write(b"".join(struct.pack("3f", *c) for c in cols))
        self.set_uniform("u_count", count)
        self.set_uniform("u_intensity", layer.intensity)
        self.set_uniform("u_speed", layer.speed)
        self.set_uniform("u_band_dist", 1.0 / math.tan(math.radians(layer.elevation_deg)))
        self.set_uniform("u_opacity", layer.opacity)
        self._water(getattr(self, "_linked", None))

    def _water(self, water) -> None:
        """Mirror the aurora in the scene's water, if it has some."""
        if water is None:
            self.set_uniform("u_water_mirror", 0.0)
            return
        mirror = MIRROR_PER_REFLECTION * water.layer.reflection
        self.set_uniform("u_water_level", water.layer.level_m)
        self.set_uniform("u_water_mirror", min(mirror, MIRROR_LIMIT))

    def link(self, drawers) -> None:
        self._linked = next((d for d in drawers if isinstance(d, WaterDrawer)), None)
        self._water(self._linked)
