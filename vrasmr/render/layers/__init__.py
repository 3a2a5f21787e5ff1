"""Layer drawers: one module per visual layer kind, registered by the name scene files use.

A drawer draws one layer of a scene from its pydantic model (:mod:`vrasmr.scene.layers`,
``SkyLayer`` → ``SkyDrawer``); the model holds every parameter and its default.
"""

from __future__ import annotations

from importlib import import_module

# kind -> "module:Class"; modules are imported only when a scene uses them.
DRAWER_CLASSES: dict[str, str] = {
    "sky": "vrasmr.render.layers.sky:SkyDrawer",
    "aurora": "vrasmr.render.layers.aurora:AuroraDrawer",
    "terrain": "vrasmr.render.layers.terrain:TerrainDrawer",
    "water": "vrasmr.render.layers.water:WaterDrawer",
    "room": "vrasmr.render.layers.room:RoomDrawer",
    "props": "vrasmr.render.layers.props:PropsDrawer",
    "window_rain": "vrasmr.render.layers.window_rain:WindowRainDrawer",
    "candles": "vrasmr.render.layers.candles:CandlesDrawer",
    "fire": "vrasmr.render.layers.fire:FireDrawer",
    "fog": "vrasmr.render.layers.fog:FogDrawer",
    "particles": "vrasmr.render.layers.particles:ParticlesDrawer",
    "orb": "vrasmr.render.layers.orb:OrbDrawer",
}

# What a layer of a kind needs beyond its defaults to be valid (a warm-up draws one).
_REQUIRED = {
    "particles": {"type": "fireflies"},
    "props": {"items": [{"shape": "box"}]},
}


def drawer_class(kind: str):
    """The class that draws layers of ``kind``; KeyError names the known kinds."""
    try:
        target = DRAWER_CLASSES[kind]
    except KeyError:
        known = ", ".join(sorted(DRAWER_CLASSES))
        raise KeyError(f"no drawer for layer kind {kind!r}; known kinds: {known}") from None
    module, _, cls = target.partition(":")
    return getattr(import_module(module), cls)


def default_layer(kind: str):
    """A layer of ``kind`` with every parameter at its default (the model's)."""
    from vrasmr.scene.layers import make_layer

    return make_layer(kind, **_REQUIRED.get(kind, {}))
