"""Props: the shapes a ``props`` (or ``room``) layer lists, made from a small mesh toolkit.

Each prop is a table with a ``shape`` (bevelled box, cylinder, lathe, extrude, rock, tree, or
a scatter of one of those), where it stands, what it is made of and, if it is a lamp or a
lantern, the light it gives. Pure data: the renderer makes the meshes
(:mod:`vrasmr.render.shapes`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from vrasmr.scene.fields import Colour, StrictModel, Unit, Vec3, choice

MATERIALS = (
    "plaster",
    "wood",
    "linen",
    "wool",
    "stone",
    "glass",
    "water",
    "wax",
    "metal",
    "paper",
    "earth",
    "foliage",
    "bark",
    "canvas",
)
SHAPES = ("box", "cylinder", "lathe", "extrude", "rock", "tree", "scatter")
SPREADS = ("area", "ring", "row")
TREE_STYLES = ("conifer", "broadleaf")
MAX_PROPS = 96
MAX_SCATTER = 160

Size = Annotated[float, Field(ge=0.002, le=60.0)]
Factor = Annotated[float, Field(gt=0.0, le=10.0)]


class PropLight(StrictModel):
    """Light a prop gives: a lamp in its shade, a lantern's flame, a glowing bowl."""

    offset: Vec3 = Field((0.0, 0.0, 0.0), description="where, from the prop's position, metres")
    colour: Colour = Field("#ffae5c", description="light colour (#ffae5c is about 2,700 K)")
    strength: float = Field(1.0, ge=0.0, le=8.0, description="how bright: 1 is one candle")
    radius_m: float = Field(0.08, ge=0.01, le=1.0, description="size of the glowing part, metres")
    flicker: Unit = Field(0.0, description="slow flicker (a flame), 0–1")


class _Prop(StrictModel):
    position: Vec3 = Field((0.0, -1.1, -1.5), description="where its base stands, metres")
    rotation_deg: Vec3 = Field(
        (0.0, 0.0, 0.0), description="[tilt, turn, lean] degrees about X, Y (+ turns left), Z"
    )
    material: Annotated[str, choice(MATERIALS, "material")] = Field(
        "plaster", description="what it is made of: " + ", ".join(MATERIALS)
    )
    colour: Colour = Field("#4a3a2c", description="its colour")
    glow: Unit = Field(0.0, description="lit from inside (a paper shade), 0–1")
    light: PropLight | None = Field(None, description="the light it gives, if any")


class BoxProp(_Prop):
    """A box with rounded edges; with ``puff_m`` a cushion, pillow or mattress."""

    shape: Literal["box"]
    size_m: tuple[Size, Size, Size] = Field((0.4, 0.4, 0.4), description="width, height, depth")
    bevel_m: float = Field(0.01, ge=0.0, le=0.5, description="edge rounding radius, metres")
    puff_m: float = Field(0.0, ge=0.0, le=0.3, description="how far the faces bulge, metres")


class CylinderProp(_Prop):
    """An upright cylinder or cone (legs, logs lying down, pots, candles, a trunk)."""

    shape: Literal["cylinder"]
    radius_m: Size = Field(0.1, description="radius at the base, metres")
    height_m: Size = Field(0.3, description="height, metres")
    top_radius_m: float | None = Field(
        None, ge=0.0, le=60.0, description="radius at the top (default: as the base)"
    )
    bevel_m: float = Field(0.005, ge=0.0, le=0.5, description="edge rounding, metres")
    segments: int = Field(20, ge=5, le=64, description="sides around")


class LatheProp(_Prop):
    """A turned shape: a profile of [radius, height] points swept round the upright axis
    (bowls, vases, lamp bases, bottles, a melted candle)."""

    shape: Literal["lathe"]
    profile: list[tuple[Annotated[float, Field(ge=0.0, le=60.0)], float]] = Field(
        ..., min_length=2, max_length=64, description="[radius, height] pairs from the bottom up"
    )
    segments: int = Field(24, ge=5, le=64, description="sides around")

    @field_validator("profile")
    @classmethod
    def _heights_finite(cls, value):
        if any(abs(h) > 60.0 for _, h in value):
            raise ValueError("each height must lie within ±60 m")
        return value


class ExtrudeProp(_Prop):
    """A flat outline of [x, y] points given depth along Z (a tent, a gable roof, a shelf
    bracket, a chair's side)."""

    shape: Literal["extrude"]
    outline: list[tuple[float, float]] = Field(
        ..., min_length=3, max_length=64, description="[x, y] corners of a simple polygon, metres"
    )
    depth_m: Size = Field(0.1, description="thickness along Z, metres")

    @field_validator("outline")
    @classmethod
    def _outline_has_area(cls, value):
        if any(abs(c) > 60.0 for p in value for c in p):
            raise ValueError("each coordinate must lie within ±60 m")
        area = sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(value, value[1:] + value[:1], strict=True)
        )
        if abs(area) < 1e-6:
            raise ValueError("the outline encloses no area; list the corners of a polygon")
        return value


class RockProp(_Prop):
    """A smooth lumpy stone, flattened underneath."""

    shape: Literal["rock"]
    size_m: tuple[Size, Size, Size] = Field((0.3, 0.2, 0.3), description="width, height, depth")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="picks its lumps")
    roughness: Unit = Field(0.5, description="0 a pebble, 1 a craggy stone")


class TreeProp(_Prop):
    """A tree: a trunk and a crown (``colour`` is the crown's)."""

    shape: Literal["tree"]
    height_m: float = Field(6.0, ge=0.3, le=40.0, description="height, metres")
    radius_m: float = Field(1.5, ge=0.1, le=10.0, description="crown radius, metres")
    style: Annotated[str, choice(TREE_STYLES, "tree style")] = Field(
        "conifer", description="conifer | broadleaf"
    )
    seed: int = Field(0, ge=0, le=2**31 - 1, description="picks its shape")


Shape = Annotated[
    BoxProp | CylinderProp | LatheProp | ExtrudeProp | RockProp | TreeProp,
    Field(discriminator="shape"),
]


class ScatterProp(StrictModel):
    """Copies of one shape spread over an area, a ring or a row (stones round a fire, books
    on a shelf, trees on a shore), each turned and sized at random by ``seed``."""

    shape: Literal["scatter"]
    item: Shape = Field(..., description="the shape to copy (the scatter places each copy)")
    count: int = Field(8, ge=1, le=MAX_SCATTER, description="how many copies")
    position: Vec3 = Field((0.0, -1.1, -1.5), description="centre of the area, metres")
    rotation_deg: Vec3 = Field((0.0, 0.0, 0.0), description="turns the area, degrees")
    spread: Annotated[str, choice(SPREADS, "spread")] = Field(
        "area", description="area: anywhere in it; ring: round its edge; row: along its width"
    )
    area_m: tuple[Size, Size] = Field((1.0, 1.0), description="width and depth, metres")
    scale: tuple[Factor, Factor] = Field(
        (0.8, 1.2), description="smallest and largest size of a copy, times the item's"
    )
    turn: bool = Field(True, description="turn each copy at random about the upright")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="picks where each copy goes")


Prop = Annotated[
    BoxProp | CylinderProp | LatheProp | ExtrudeProp | RockProp | TreeProp | ScatterProp,
    Field(discriminator="shape"),
]
