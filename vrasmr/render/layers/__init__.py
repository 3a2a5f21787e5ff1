"""Visual layers: one module per kind, registered by the name scene files use."""

from __future__ import annotations

from importlib import import_module

# kind -> "module:Class"; modules are imported only when a scene uses them.
LAYER_CLASSES: dict[str, str] = {
    "sky": "vrasmr.render.layers.sky:SkyLayer",
    "aurora": "vrasmr.render.layers.aurora:AuroraLayer",
    "terrain": "vrasmr.render.layers.terrain:TerrainLayer",
    "water": "vrasmr.render.layers.water:WaterLayer",
    "room": "vrasmr.render.layers.room:RoomLayer",
    "window_rain": "vrasmr.render.layers.window_rain:WindowRainLayer",
    "candles": "vrasmr.render.layers.candles:CandlesLayer",
    "fire": "vrasmr.render.layers.fire:FireLayer",
    "fog": "vrasmr.render.layers.fog:FogLayer",
    "particles": "vrasmr.render.layers.particles:ParticlesLayer",
    "orb": "vrasmr.render.layers.orb:OrbLayer",
}


def layer_class(kind: str):
    """The class that draws layers of ``kind``; KeyError names the known kinds."""
    try:
        target = LAYER_CLASSES[kind]
    except KeyError:
        known = ", ".join(sorted(LAYER_CLASSES))
        raise KeyError(f"no renderer for layer kind {kind!r}; known kinds: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(import_module(module), cls)
