"""How a sound moves: smooth, periodic paths with a comfort speed limit.

Every motion is a pure function of time with a continuous velocity (C1), evaluated in
vectorised form: ``positions(t)`` and ``velocities(t)`` take an array of seconds and return
``(n, 3)`` arrays in metres and metres per second.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from functools import cached_property
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from vrasmr.scene.fields import StrictModel, Vec3

SOUND_SPEED_LIMIT_M_S = 0.5
"""Fastest a sound may move: quicker motion startles rather than soothes."""
MIN_HEAD_DISTANCE_M = 0.15
"""No sound may come closer to the head's centre than this (it would sit inside the head)."""
_ROUNDING_M = 1e-9
"""How far a computed distance may fall short by float rounding alone (a nanometre): a circle
of exactly the minimum radius, sampled through sin and cos, measures 0.1499999… m."""
_SAMPLES = 4096
_GOLDEN = (1.0 + math.sqrt(5.0)) / 2.0


class _Motion(StrictModel):
    @abstractmethod
    def positions(self, t) -> np.ndarray:
        """Positions ``(len(t), 3)`` in metres at times ``t`` (seconds)."""

    @abstractmethod
    def velocities(self, t) -> np.ndarray:
        """Velocities ``(len(t), 3)`` in metres per second at times ``t``."""

    def position_at(self, t: float) -> tuple[float, float, float]:
        """The position at one time ``t``, in plain floats (the per-frame path)."""
        x, y, z = self.positions(t)[0].tolist()
        return x, y, z

    def cycle_s(self) -> float:
        """A time span whose samples cover every point and speed of the motion."""
        return float(getattr(self, "period_s", 1.0))

    def max_speed(self) -> float:
        t = np.linspace(0.0, self.cycle_s(), _SAMPLES * 4, endpoint=False)
        return float(np.max(np.linalg.norm(self.velocities(t), axis=1)))

    def min_head_distance(self) -> float:
        t = np.linspace(0.0, self.cycle_s(), _SAMPLES, endpoint=False)
        return float(np.min(np.linalg.norm(self.positions(t), axis=1)))

    @model_validator(mode="after")
    def _comfortable(self):
        speed = self.max_speed()
        if speed > SOUND_SPEED_LIMIT_M_S * 1.0001:
            raise ValueError(
                f"moves at up to {speed:.2f} m/s, faster than the comfort limit of "
                f"{SOUND_SPEED_LIMIT_M_S} m/s; make period_s longer or the path smaller"
            )
        near = self.min_head_distance()
        if near < MIN_HEAD_DISTANCE_M - _ROUNDING_M:
            raise ValueError(
                f"passes {near:.3f} m from the centre of the head; keep every point at least "
                f"{MIN_HEAD_DISTANCE_M} m from [0, 0, 0]"
            )
        return self


def _times(t) -> np.ndarray:
    return np.atleast_1d(np.asarray(t, dtype=float))


class StaticMotion(_Motion):
    """The sound stays at one place."""

    type: Literal["static"] = "static"
    position: Vec3 = Field((0.0, 0.0, -1.0), description="where the sound is, metres")

    def positions(self, t) -> np.ndarray:
        return np.tile(np.asarray(self.position, dtype=float), (_times(t).size, 1))

    def position_at(self, t: float) -> tuple[float, float, float]:
        x, y, z = self.position
        return float(x), float(y), float(z)

    def velocities(self, t) -> np.ndarray:
        return np.zeros((_times(t).size, 3))

    def max_speed(self) -> float:
        return 0.0


class OrbitMotion(_Motion):
    """A level circle around a centre point at constant speed."""

    type: Literal["orbit"]
    center: Vec3 = Field((0.0, 0.0, 0.0), description="centre of the circle, metres")
    radius_m: float = Field(
        1.0, ge=MIN_HEAD_DISTANCE_M, le=20.0, description="circle radius, metres"
    )
    period_s: float = Field(60.0, ge=4.0, le=3600.0, description="seconds per full circle")
    direction: Literal["clockwise", "counterclockwise"] = Field(
        "clockwise", description="seen from above; clockwise goes front → right → back"
    )
    start_angle_deg: float = Field(
        0.0, ge=-360.0, le=360.0, description="start angle, degrees; 0 = in front, 90 = right"
    )

    def _angle(self, t):
        sign = 1.0 if self.direction == "clockwise" else -1.0
        rate = sign * 2.0 * math.pi / self.period_s
        return math.radians(self.start_angle_deg) + rate * _times(t), rate

    def positions(self, t) -> np.ndarray:
        a, _ = self._angle(t)
        c = self.center
        r = self.radius_m
        return np.stack([c[0] + r * np.sin(a), np.full_like(a, c[1]), c[2] - r * np.cos(a)], 1)

    def position_at(self, t: float) -> tuple[float, float, float]:
        sign = 1.0 if self.direction == "clockwise" else -1.0
        a = math.radians(self.start_angle_deg) + sign * 2.0 * math.pi / self.period_s * t
        c, r = self.center, self.radius_m
        return c[0] + r * math.sin(a), float(c[1]), c[2] - r * math.cos(a)

    def velocities(self, t) -> np.ndarray:
        a, rate = self._angle(t)
        r = self.radius_m * rate
        return np.stack([r * np.cos(a), np.zeros_like(a), r * np.sin(a)], 1)

    def min_head_distance(self) -> float:
        # Exact: the circle's nearest point lies towards the head in the level plane.
        cx, cy, cz = self.center
        return math.hypot(abs(math.hypot(cx, cz) - self.radius_m), cy)


class EarToEarMotion(_Motion):
    """From one ear to the other through the front and back again, eased at each ear."""

    type: Literal["ear_to_ear"]
    radius_m: float = Field(
        0.35, ge=MIN_HEAD_DISTANCE_M, le=1.5, description="distance from the head's centre, metres"
    )
    period_s: float = Field(
        30.0, ge=4.0, le=3600.0, description="seconds for one sweep over and back"
    )
    height_m: float = Field(0.0, ge=-0.5, le=0.5, description="height relative to the ears, metres")
    start: Literal["left", "right"] = Field("left", description="the ear the sweep starts at")

    def _angle(self, t):
        w = 2.0 * math.pi / self.period_s
        side = -1.0 if self.start == "left" else 1.0
        tt = _times(t)
        # Angle from straight ahead: ±90° at the ears, 0 in front; cosine-eased so speed is C∞.
        return side * (math.pi / 2) * np.cos(w * tt), -side * (math.pi / 2) * w * np.sin(w * tt)

    def positions(self, t) -> np.ndarray:
        a, _ = self._angle(t)
        r = self.radius_m
        return np.stack([r * np.sin(a), np.full_like(a, self.height_m), -r * np.cos(a)], 1)

    def position_at(self, t: float) -> tuple[float, float, float]:
        side = -1.0 if self.start == "left" else 1.0
        a = side * (math.pi / 2) * math.cos(2.0 * math.pi / self.period_s * t)
        r = self.radius_m
        return r * math.sin(a), float(self.height_m), -r * math.cos(a)

    def velocities(self, t) -> np.ndarray:
        a, rate = self._angle(t)
        r = self.radius_m * rate
        return np.stack([r * np.cos(a), np.zeros_like(a), r * np.sin(a)], 1)

    def min_head_distance(self) -> float:
        return math.hypot(self.radius_m, self.height_m)  # every point is this far, exactly


class DriftMotion(_Motion):
    """A slow wander inside a box around a centre (two incommensurate sines per axis)."""

    type: Literal["drift"]
    center: Vec3 = Field((0.0, 0.0, -1.5), description="middle of the wander, metres")
    extent_m: Vec3 = Field(
        (0.3, 0.1, 0.3), description="how far it strays from center along x, y, z, metres"
    )
    period_s: float = Field(60.0, ge=10.0, le=3600.0, description="slowest sway, seconds")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="picks the wander's shape")

    @model_validator(mode="before")
    @classmethod
    def _extent_positive(cls, data):
        if isinstance(data, dict) and "extent_m" in data:
            ext = data["extent_m"]
            if isinstance(ext, list | tuple) and any(
                isinstance(v, int | float) and v < 0 for v in ext
            ):
                raise ValueError("extent_m values must be ≥ 0 metres")
        return data

    def _phases(self) -> np.ndarray:
        return self._phase_table

    @cached_property
    def _phase_table(self) -> np.ndarray:
        phases = np.random.default_rng(self.seed).uniform(0.0, 2.0 * math.pi, size=(2, 3))
        phases.setflags(write=False)
        return phases

    @cached_property
    def _scalar_terms(self) -> tuple:
        p = self._phase_table.tolist()
        return tuple(zip(self.center, self.extent_m, p[0], p[1], strict=True))

    def position_at(self, t: float) -> tuple[float, float, float]:
        w = 2.0 * math.pi / self.period_s
        wt, gt = w * t, w * _GOLDEN * t
        sin = math.sin
        x, y, z = (
            c + e * (0.6 * sin(wt + p0) + 0.4 * sin(gt + p1)) for c, e, p0, p1 in self._scalar_terms
        )
        return x, y, z

    def cycle_s(self) -> float:
        return self.period_s * 8.0

    def positions(self, t) -> np.ndarray:
        tt = _times(t)[:, None]
        w = 2.0 * math.pi / self.period_s
        p = self._phases()
        ext = np.asarray(self.extent_m)
        wave = 0.6 * np.sin(w * tt + p[0]) + 0.4 * np.sin(w * _GOLDEN * tt + p[1])
        return np.asarray(self.center) + ext * wave

    def velocities(self, t) -> np.ndarray:
        tt = _times(t)[:, None]
        w = 2.0 * math.pi / self.period_s
        p = self._phases()
        ext = np.asarray(self.extent_m)
        d = 0.6 * w * np.cos(w * tt + p[0]) + 0.4 * w * _GOLDEN * np.cos(w * _GOLDEN * tt + p[1])
        return ext * d

    def max_speed(self) -> float:
        # Upper bound (every axis at its peak together), so sampling can never beat it.
        w = 2.0 * math.pi / self.period_s
        per_axis = np.asarray(self.extent_m) * w * (0.6 + 0.4 * _GOLDEN)
        return float(np.linalg.norm(per_axis))

    def min_head_distance(self) -> float:
        return max(0.0, float(np.linalg.norm(self.center)) - float(np.linalg.norm(self.extent_m)))


class PathMotion(_Motion):
    """Through waypoints on a Catmull-Rom spline; a closed loop, or there and back eased."""

    type: Literal["path"]
    points: list[Vec3] = Field(
        ..., min_length=2, max_length=64, description="waypoints [x, y, z], metres"
    )
    period_s: float = Field(
        60.0, ge=4.0, le=3600.0, description="seconds per loop (closed) or there and back (open)"
    )
    closed: bool = Field(True, description="loop back to the first point, else return the same way")

    @model_validator(mode="before")
    @classmethod
    def _closed_needs_three(cls, data):
        if isinstance(data, dict) and data.get("closed", True) is True:
            pts = data.get("points")
            if isinstance(pts, list) and len(pts) == 2:
                raise ValueError(
                    "a closed path needs at least 3 points; add one or set closed = false"
                )
        return data

    def _param(self, t):
        """Spline parameter u (segment index + fraction) and du/dt."""
        tt = _times(t)
        n = len(self.points)
        if self.closed:
            return (n * tt / self.period_s) % n, np.full_like(tt, n / self.period_s)
        w = 2.0 * math.pi / self.period_s
        span = n - 1
        return span * (1.0 - np.cos(w * tt)) / 2.0, span * w * np.sin(w * tt) / 2.0

    def _controls(self, u):
        pts = np.asarray(self.points, dtype=float)
        n = len(pts)
        if self.closed:
            i = np.floor(u).astype(int) % n
            idx = np.stack([(i - 1) % n, i, (i + 1) % n, (i + 2) % n])
        else:
            i = np.clip(np.floor(u).astype(int), 0, n - 2)
            idx = np.stack([np.clip(i - 1, 0, n - 1), i, i + 1, np.clip(i + 2, 0, n - 1)])
        s = (u - i)[:, None]
        return pts[idx[0]], pts[idx[1]], pts[idx[2]], pts[idx[3]], s

    def positions(self, t) -> np.ndarray:
        u, _ = self._param(t)
        p0, p1, p2, p3, s = self._controls(u)
        return 0.5 * (
            2 * p1
            + (p2 - p0) * s
            + (2 * p0 - 5 * p1 + 4 * p2 - p3) * s**2
            + (3 * p1 - p0 - 3 * p2 + p3) * s**3
        )

    def velocities(self, t) -> np.ndarray:
        u, du = self._param(t)
        p0, p1, p2, p3, s = self._controls(u)
        ds = 0.5 * (
            (p2 - p0)
            + 2 * (2 * p0 - 5 * p1 + 4 * p2 - p3) * s
            + 3 * (3 * p1 - p0 - 3 * p2 + p3) * s**2
        )
        return ds * du[:, None]


Motion = Annotated[
    StaticMotion | OrbitMotion | EarToEarMotion | DriftMotion | PathMotion,
    Field(discriminator="type"),
]
MOTION_TYPES = ("static", "orbit", "ear_to_ear", "drift", "path")
