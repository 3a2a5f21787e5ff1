"""Visual layer parameters: pure data with ranges and dim defaults, discriminated by ``kind``.

Colour fields (their names end in ``colour`` or ``colours``) take "#rrggbb" sRGB or the name
of a palette colour. The renderer draws these; nothing here touches the GPU.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, model_validator

from vrasmr.scene.fields import Colour, StrictModel, Unit, Vec3, choice
from vrasmr.scene.props import MATERIALS, MAX_PROPS, Prop

STAR_ROTATION_LIMIT_DEG_MIN = 3.0
"""Fastest the star field may turn: slower than the minute hand of a clock."""
VISUAL_SPEED_LIMIT_M_S = 0.5
PARTICLE_TYPES = ("fireflies", "snow", "dust", "rain_streaks")
ROOM_OBJECTS = ("bookshelf", "lamp", "plant", "rug", "clock", "window", "armchair", "curtains")


class _Layer(StrictModel):
    opacity: Unit = Field(1.0, description="how strongly the layer shows, 0–1")


class SkyLayer(_Layer):
    """Gradient sky with slowly turning stars and an optional moon."""

    kind: Literal["sky"]
    zenith_colour: Colour = Field("#03040a", description="colour straight up")
    horizon_colour: Colour = Field("#0c1020", description="colour at the horizon")
    star_density: Unit = Field(0.3, description="share of the sky with stars, 0–1")
    star_rotation_deg_per_min: float = Field(
        0.5,
        ge=0.0,
        le=STAR_ROTATION_LIMIT_DEG_MIN,
        description="how fast the star field turns, degrees per minute",
    )
    moon: bool = Field(True, description="show the moon")
    moon_phase: Unit = Field(0.5, description="0 new, 0.5 full, 1 new again")
    moon_azimuth_deg: float = Field(-30.0, ge=-180.0, le=180.0, description="0 ahead, 90 right")
    moon_elevation_deg: float = Field(25.0, ge=0.0, le=90.0, description="above the horizon")


class WaterLayer(_Layer):
    """A calm water surface below the viewer."""

    kind: Literal["water"]
    colour: Colour = Field("#050a12", description="water colour")
    level_m: float = Field(-1.5, ge=-20.0, le=-0.2, description="surface height, metres")
    wave_height_m: float = Field(0.05, ge=0.0, le=0.5, description="wave height, metres")
    wave_speed_m_s: float = Field(
        0.1, ge=0.0, le=VISUAL_SPEED_LIMIT_M_S, description="how fast waves travel, m/s"
    )
    reflection: Unit = Field(0.4, description="how much sky it mirrors, 0–1")


class TerrainLayer(_Layer):
    """Distant horizon silhouettes (hills, trees)."""

    kind: Literal["terrain"]
    colour: Colour = Field("#020304", description="silhouette colour")
    height_m: float = Field(8.0, ge=0.0, le=200.0, description="tallest ridge, metres")
    distance_m: float = Field(150.0, ge=10.0, le=2000.0, description="how far away, metres")
    roughness: Unit = Field(0.5, description="0 smooth hills, 1 jagged")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="picks the ridge shape")


class FireLayer(_Layer):
    """A small fire with rising embers."""

    kind: Literal["fire"]
    position: Vec3 = Field((0.0, -0.8, -2.5), description="base of the fire, metres")
    size_m: float = Field(0.5, ge=0.05, le=3.0, description="flame height, metres")
    intensity: Unit = Field(0.4, description="flame brightness, 0–1")
    flicker: Unit = Field(0.3, description="flicker amount, 0–1")
    embers: int = Field(40, ge=0, le=500, description="number of embers in the air")
    colour: Colour = Field("#5a2a0a", description="flame colour")


class ParticlesLayer(_Layer):
    """Drifting particles: fireflies, snow, dust or rain streaks."""

    kind: Literal["particles"]
    type: Annotated[str, choice(PARTICLE_TYPES, "particle type")] = Field(
        ..., description="fireflies | snow | dust | rain_streaks"
    )
    count: int = Field(200, ge=0, le=5000, description="how many particles")
    speed_m_s: float = Field(
        0.05, ge=0.0, le=VISUAL_SPEED_LIMIT_M_S, description="particle speed, m/s"
    )
    size_m: float = Field(0.01, ge=0.001, le=0.1, description="particle size, metres")
    area_m: float = Field(10.0, ge=0.5, le=100.0, description="radius of the volume, metres")
    colour: Colour = Field("#2a2a1a", description="particle colour")


class WindowRainLayer(_Layer):
    """Rain running down a window pane."""

    kind: Literal["window_rain"]
    position: Vec3 = Field((0.0, 0.3, -2.0), description="centre of the pane, metres")
    width_m: float = Field(1.2, ge=0.2, le=6.0, description="pane width, metres")
    height_m: float = Field(1.0, ge=0.2, le=4.0, description="pane height, metres")
    intensity: Unit = Field(0.5, description="how much rain, 0–1")
    drop_speed_m_s: float = Field(
        0.08, ge=0.0, le=VISUAL_SPEED_LIMIT_M_S, description="how fast drops run, m/s"
    )
    tint_colour: Colour = Field("#0a0e16", description="what shows through the glass")


class AuroraLayer(_Layer):
    """Slow curtains of light high in the sky."""

    kind: Literal["aurora"]
    colours: list[Colour] = Field(
        default_factory=lambda: ["#0a3020", "#10203a"],
        min_length=1,
        max_length=4,
        description="1–4 band colours",
    )
    intensity: Unit = Field(0.3, description="brightness, 0–1")
    speed: float = Field(0.03, ge=0.0, le=0.2, description="ripple speed, cycles per second")
    elevation_deg: float = Field(35.0, ge=5.0, le=85.0, description="height above the horizon")


class CandlesLayer(_Layer):
    """A few candles; warm light that flickers gently."""

    kind: Literal["candles"]
    count: int = Field(3, ge=1, le=32, description="how many candles")
    warmth: Unit = Field(0.8, description="0 neutral, 1 deep amber")
    flicker: Unit = Field(0.2, description="flicker amount, 0–1")
    positions: list[Vec3] = Field(
        default_factory=list, max_length=32, description="candle positions (empty: placed for you)"
    )
    colour: Colour = Field("#4a2808", description="flame colour")

    @model_validator(mode="after")
    def _positions_match_count(self) -> CandlesLayer:
        if self.positions and len(self.positions) != self.count:
            raise ValueError(
                f"positions lists {len(self.positions)} candles but count is {self.count}; "
                "make them match or leave positions out"
            )
        return self


Material = Annotated[str, choice(MATERIALS, "material")]


class RoomLayer(_Layer):
    """A room around the viewer: walls, floor and ceiling, ready-made furniture and props."""

    kind: Literal["room"]
    size_m: Vec3 = Field((4.0, 2.6, 5.0), description="width, height, depth, metres")
    wall_colour: Colour = Field("#0e0a08", description="wall colour")
    floor_colour: Colour = Field("#0a0706", description="floor colour")
    wall_material: Material = Field("plaster", description="what the walls are made of")
    floor_material: Material = Field("wood", description="what the floor is made of")
    bed: bool = Field(True, description="draw a bed")
    table: bool = Field(False, description="draw a bedside table")
    objects: list[Annotated[str, choice(ROOM_OBJECTS, "room object")]] = Field(
        default_factory=list,
        max_length=16,
        description="extra furniture: " + ", ".join(ROOM_OBJECTS),
    )
    items: list[Prop] = Field(
        default_factory=list, max_length=MAX_PROPS, description="props in the room, see Props"
    )


class PropsLayer(_Layer):
    """Shapes from the mesh toolkit, lit by the scene's lights (see Props)."""

    kind: Literal["props"]
    items: list[Prop] = Field(..., min_length=1, max_length=MAX_PROPS, description="the props")


class FogLayer(_Layer):
    """Soft distance fog."""

    kind: Literal["fog"]
    colour: Colour = Field("#06080c", description="fog colour")
    density: Unit = Field(0.2, description="0 clear, 1 thick")
    height_m: float = Field(1.0, ge=-10.0, le=50.0, description="top of the fog, metres")


class OrbLayer(_Layer):
    """A glowing orb that swells and fades with the breathing rate."""

    kind: Literal["orb"]
    position: Vec3 = Field((0.0, 0.0, -1.5), description="centre, metres")
    radius_m: float = Field(0.12, ge=0.02, le=1.0, description="resting radius, metres")
    colour: Colour = Field("#1a2a40", description="glow colour")
    glow: Unit = Field(0.4, description="glow strength, 0–1")
    breath_scale: float = Field(
        0.25, ge=0.0, le=0.6, description="how much bigger at full breath, fraction of radius"
    )


Layer = Annotated[
    SkyLayer
    | WaterLayer
    | TerrainLayer
    | FireLayer
    | ParticlesLayer
    | WindowRainLayer
    | AuroraLayer
    | CandlesLayer
    | RoomLayer
    | PropsLayer
    | FogLayer
    | OrbLayer,
    Field(discriminator="kind"),
]
LAYER_KINDS = (
    "sky",
    "water",
    "terrain",
    "fire",
    "particles",
    "window_rain",
    "aurora",
    "candles",
    "room",
    "props",
    "fog",
    "orb",
)


def colour_fields(data, path: tuple = ()):
    """``(path, value)`` of every colour in a layer's data (``model_dump()``), nested props
    included: keys ending in ``colour``, and each entry of keys ending in ``colours``."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key.endswith("colour") and isinstance(value, str):
                yield (*path, key), value
            elif key.endswith("colours") and isinstance(value, list):
                for j, v in enumerate(value):
                    yield (*path, key, j), v
            else:
                yield from colour_fields(value, (*path, key))
    elif isinstance(data, list):
        for j, value in enumerate(data):
            yield from colour_fields(value, (*path, j))


def map_colours(data, convert):
    """``data`` (a layer's ``model_dump()``) with every colour passed through ``convert``."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key.endswith("colour") and isinstance(value, str):
                out[key] = convert(value)
            elif key.endswith("colours") and isinstance(value, list):
                out[key] = [convert(v) for v in value]
            else:
                out[key] = map_colours(value, convert)
        return out
    if isinstance(data, list):
        return [map_colours(v, convert) for v in data]
    return data


@cache
def _layer_adapter() -> TypeAdapter:
    return TypeAdapter(Layer)


def make_layer(kind: str, **fields) -> Layer:
    """A validated layer model from plain values, as a scene file's ``[[layers]]`` table
    with ``kind = "..."`` would give (tools, tests, benchmarks); raises pydantic's
    ValidationError on a bad value."""
    return _layer_adapter().validate_python({"kind": kind, **fields})
