"""Poses, quaternions and matrices in the OpenXR convention.

Right-handed, metres, +X right, +Y up, -Z forward (the same frame OpenAL uses).
Quaternions are ``(x, y, z, w)`` like ``XrQuaternionf``. Matrices are row-major
numpy arrays that act on column vectors (``M @ v``); upload them to GL with
:func:`gl_bytes`, which writes column-major float32.

Every :class:`Pose` holds a unit quaternion: a pose is normalised once, where it enters the
program (:meth:`Pose.make`, the OpenXR converters), and the frame path trusts it from there
(:func:`rotation_rows`, :meth:`Pose.compose`, the renderer and the sound engine's listener).
The hand-written float arithmetic here is on the frame path; tests check it against
``scipy.spatial.transform.Rotation``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

IDENTITY_QUAT = np.array([0.0, 0.0, 0.0, 1.0])


def quat_from_axis_angle(axis, angle: float) -> np.ndarray:
    """Rotation of ``angle`` radians about ``axis`` (right-hand rule)."""
    a = np.asarray(axis, dtype=float)
    n = np.linalg.norm(a)
    if n == 0.0:
        return IDENTITY_QUAT.copy()
    s = math.sin(angle / 2.0) / n
    return np.array([a[0] * s, a[1] * s, a[2] * s, math.cos(angle / 2.0)])


def quat_from_yaw_pitch_roll(yaw: float = 0.0, pitch: float = 0.0, roll: float = 0.0) -> np.ndarray:
    """Head orientation: yaw about +Y (positive turns left), then pitch about +X, then roll."""
    q = quat_from_axis_angle((0, 1, 0), yaw)
    q = quat_mul(q, quat_from_axis_angle((1, 0, 0), pitch))
    return quat_mul(q, quat_from_axis_angle((0, 0, 1), roll))


def quat_mul(a, b) -> np.ndarray:
    """Hamilton product ``a * b`` (apply ``b`` first, then ``a``)."""
    ax, ay, az, aw = a
    bx, by, bz, bw = b
    return np.array(
        [
            aw * bx + ax * bw + ay * bz - az * by,
            aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw,
            aw * bw - ax * bx - ay * by - az * bz,
        ]
    )


def unit4(x: float, y: float, z: float, w: float) -> tuple[float, float, float, float]:
    """``(x, y, z, w)`` scaled to length 1, as floats; a zero or broken one becomes identity."""
    n = math.sqrt(x * x + y * y + z * z + w * w)
    if not n > 1e-12 or not math.isfinite(n):
        return (0.0, 0.0, 0.0, 1.0)
    return (x / n, y / n, z / n, w / n)


def unit_quat(x: float, y: float, z: float, w: float) -> np.ndarray:
    """``(x, y, z, w)`` scaled to length 1; a zero or broken quaternion becomes identity."""
    return np.array(unit4(x, y, z, w))


def quat_normalize(q) -> np.ndarray:
    """:func:`unit_quat` of any 4-sequence."""
    x, y, z, w = (float(c) for c in q)
    return unit_quat(x, y, z, w)


def floats(v) -> list[float]:
    """A small vector as Python floats (numpy arrays, tuples and lists alike): the frame
    path works on these, since numpy's per-call cost dwarfs the arithmetic on 3-vectors."""
    return v.tolist() if isinstance(v, np.ndarray) else [float(c) for c in v]


def rotation_rows(q) -> tuple[float, ...]:
    """The rotation matrix of the *unit* quaternion ``q`` as nine floats, row by row:
    ``r00, r01, r02, r10, ..., r22``. ``q`` is not normalised here (a :class:`Pose`'s
    orientation already is; pass others through :func:`quat_normalize` first)."""
    x, y, z, w = q.tolist() if isinstance(q, np.ndarray) else q  # no copy on the sound path
    return (
        *(1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)),
        *(2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)),
        *(2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)),
    )


def quat_rotate(q, v) -> np.ndarray:
    """``v`` rotated by the unit quaternion ``q``."""
    return np.array(rotation_rows(q)).reshape(3, 3) @ np.asarray(v, dtype=float)


class _memo:  # noqa: N801 (used as a decorator, like cached_property)
    """``functools.cached_property`` without the lock 3.11 takes on every first read: a
    pose is immutable, so two threads racing would only compute the same value twice."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Pose:
    """A rigid transform: where a thing is and which way it faces (like ``XrPosef``).

    Invariant: ``orientation`` is a unit quaternion. Outside values come in through
    :meth:`make` (or the OpenXR converters), which normalise them; the constructor itself
    takes the quaternion as it is, for code that already holds a unit one (:meth:`compose`,
    :meth:`inverse`). Nothing downstream normalises again.
    """

    position: np.ndarray = field(default_factory=lambda: np.zeros(3))
    orientation: np.ndarray = field(default_factory=lambda: IDENTITY_QUAT.copy())

    @staticmethod
    def make(position=(0.0, 0.0, 0.0), orientation=(0.0, 0.0, 0.0, 1.0)) -> Pose:
        """A pose from outside values: the orientation is normalised (identity if it cannot
        be), the one place a pose's quaternion is."""
        return Pose(np.asarray(position, dtype=float), quat_normalize(orientation))

    @_memo
    def rotation(self) -> np.ndarray:
        """The 3x3 rotation matrix (computed once per pose; read-only)."""
        return _frozen(np.array(self.rows).reshape(3, 3))

    def transform_point(self, p) -> np.ndarray:
        return self.rotation @ np.asarray(p, dtype=float) + self.position

    def transform_vector(self, v) -> np.ndarray:
        return self.rotation @ np.asarray(v, dtype=float)

    def inverse(self) -> Pose:
        """The transform back: ``p.compose(p.inverse())`` is the identity."""
        r00, r01, r02, r10, r11, r12, r20, r21, r22 = self.rows
        px, py, pz = self.position3
        x, y, z, w = self.quat4
        position = (  # -R^T p
            -(r00 * px + r10 * py + r20 * pz),
            -(r01 * px + r11 * py + r21 * pz),
            -(r02 * px + r12 * py + r22 * pz),
        )
        return Pose(np.array(position), np.array((-x, -y, -z, w)))

    def compose(self, child: Pose) -> Pose:
        """``self * child``: a pose given in this pose's frame, expressed in the parent frame.

        Plain floats (the headset loop maps every located pose of a frame through this);
        the product of two unit quaternions is unit, so it is not normalised again.
        """
        return self._compose(*child.orientation.tolist(), *child.position.tolist())

    def compose_floats(self, f) -> Pose:
        """:meth:`compose` of a child given as floats laid out like ``XrPosef``: orientation
        x, y, z, w, then position x, y, z (more may follow, as in a view's row). This is
        where a runtime's pose enters, so the child's quaternion is normalised here."""
        return self._compose(*unit4(f[0], f[1], f[2], f[3]), f[4], f[5], f[6])

    def _compose(self, bx, by, bz, bw, vx, vy, vz) -> Pose:
        px, py, pz = self.position3
        qx, qy, qz, qw = self.quat4
        # v' = v + w t + q_xyz × t with t = 2 q_xyz × v (rotation by a unit quaternion)
        tx, ty, tz = 2.0 * (qy * vz - qz * vy), 2.0 * (qz * vx - qx * vz), 2.0 * (qx * vy - qy * vx)
        position = (
            px + vx + qw * tx + (qy * tz - qz * ty),
            py + vy + qw * ty + (qz * tx - qx * tz),
            pz + vz + qw * tz + (qx * ty - qy * tx),
        )
        orientation = (
            qw * bx + qx * bw + qy * bz - qz * by,
            qw * by - qx * bz + qy * bw + qz * bx,
            qw * bz + qx * by - qy * bx + qz * bw,
            qw * bw - qx * bx - qy * by - qz * bz,
        )
        return Pose(np.array(position), np.array(orientation))

    # Directions and matrices are cached: a pose is immutable and the frame path reads them
    # many times. They are read-only arrays; copy one before changing it. The ``...3`` forms
    # are float tuples for the frame path, where numpy's per-call cost would dominate.
    @_memo
    def rows(self) -> tuple[float, ...]:
        """The rotation matrix as nine floats, row by row (see :func:`rotation_rows`)."""
        return rotation_rows(self.orientation)

    @_memo
    def position3(self) -> tuple[float, float, float]:
        return tuple(floats(self.position))

    @_memo
    def quat4(self) -> tuple[float, float, float, float]:
        """The orientation as four floats ``(x, y, z, w)``, unit length."""
        return tuple(floats(self.orientation))

    @_memo
    def forward3(self) -> tuple[float, float, float]:
        r = self.rows
        return (-r[2], -r[5], -r[8])

    @_memo
    def up3(self) -> tuple[float, float, float]:
        r = self.rows
        return (r[1], r[4], r[7])

    @_memo
    def forward(self) -> np.ndarray:
        return _frozen(-self.rotation[:, 2])

    @_memo
    def up(self) -> np.ndarray:
        return _frozen(self.rotation[:, 1].copy())

    @_memo
    def right(self) -> np.ndarray:
        return _frozen(self.rotation[:, 0].copy())

    def matrix(self) -> np.ndarray:
        """4x4 model matrix (local → parent)."""
        m = np.eye(4)
        m[:3, :3] = self.rotation
        m[:3, 3] = self.position
        return m

    def view_matrix(self) -> np.ndarray:
        """4x4 view matrix for a camera at this pose (parent → camera); read-only, cached."""
        return self._view_matrix

    @_memo
    def _view_matrix(self) -> np.ndarray:
        m = np.eye(4)
        rt = self.rotation.T
        m[:3, :3] = rt
        m[:3, 3] = -(rt @ self.position)
        return _frozen(m)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Fov:
    """Four half-angles in radians, like ``XrFovf`` (left and down are usually negative)."""

    angle_left: float
    angle_right: float
    angle_up: float
    angle_down: float

    @staticmethod
    def symmetric(horizontal_deg: float, aspect: float) -> Fov:
        """A symmetric frustum from a horizontal field of view and width/height aspect."""
        h = math.radians(horizontal_deg) / 2.0
        v = math.atan(math.tan(h) / aspect)
        return Fov(-h, h, v, -v)


def projection_from_fov(fov: Fov, near: float = 0.05, far: float = 100.0) -> np.ndarray:
    """OpenGL clip-space (z in -1..1) asymmetric projection, as OpenXR's xr_linear.h builds it."""
    tl = math.tan(fov.angle_left)
    tr = math.tan(fov.angle_right)
    tu = math.tan(fov.angle_up)
    td = math.tan(fov.angle_down)
    w = tr - tl
    h = tu - td
    m = np.zeros((4, 4))
    m[0, 0] = 2.0 / w
    m[0, 2] = (tr + tl) / w
    m[1, 1] = 2.0 / h
    m[1, 2] = (tu + td) / h
    m[2, 2] = -(far + near) / (far - near)
    m[2, 3] = -2.0 * far * near / (far - near)
    m[3, 2] = -1.0
    return m


def gl_bytes(m: np.ndarray) -> bytes:
    """Column-major float32 bytes of a row-major matrix, for a GLSL ``mat4`` uniform."""
    return np.ascontiguousarray(np.asarray(m, dtype=np.float32).T).tobytes()


def eye_poses(head: Pose, ipd: float = 0.063) -> tuple[Pose, Pose]:
    """Left and right eye poses half an interpupillary distance either side of the head."""
    half = ipd / 2.0
    left = head.compose(Pose.make((-half, 0.0, 0.0)))
    right = head.compose(Pose.make((half, 0.0, 0.0)))
    return left, right


def cross3(a, b) -> tuple[float, float, float]:
    """Cross product of two 3-vectors as floats (np.cross is slow for single small vectors)."""
    ax, ay, az = a
    bx, by, bz = b
    return (ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx)


def unit3(v) -> tuple[float, float, float]:
    """``v`` scaled to length 1, as floats; a zero or broken vector reads as forward (-Z)."""
    x, y, z = v.tolist() if isinstance(v, np.ndarray) else v
    n = math.sqrt(x * x + y * y + z * z)
    return (x / n, y / n, z / n) if n > 1e-12 and math.isfinite(n) else (0.0, 0.0, -1.0)


def smoothstep(e0: float, e1: float, x):
    t = np.clip((np.asarray(x, dtype=float) - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)
