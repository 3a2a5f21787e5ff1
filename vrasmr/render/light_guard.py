"""The light guard: whatever colours a scene names, no view of it shows a mean relative
luminance over :data:`MEAN_LUMINANCE_CAP` or a melanopic EDI at the eye over
:data:`MELANOPIC_CAP_LUX`, and what the scene emits brightens no faster than
:data:`RISE_PER_S` — judged with the head held still.

A head turn is not a flash, so the guard does not look through the eyes. It looks all
round from the eye: a probe of six 16 x 16 cube faces with the world's axes (a head turn
leaves it unchanged), rendered in linear light a few faces a frame (the whole cube at least
every :data:`PROBE_PERIOD_S`), mipmapped on the GPU to 4 x 4 tiles a face. A tiny pass
(``shaders/light_guard.glsl``) weighs the tiles into the views of 26 fixed directions (the
faces' centres, edges and corners, each a 100-degree field, so a bright patch where faces
meet is seen whole) and turns them into one exposure, kept on the GPU from frame to frame
(no read-back, no stall): no view over the caps, and none brighter than it was a moment ago
plus the rise. The post pass multiplies by it (``shaders/exposure.glsl``: one line in
``post.glsl``, after the warmth and before the brightness). The person's own share of
brightness (menu, timer, night) applies on top (:attr:`~vrasmr.render.renderer.Look.person`).

Stills (thumbnails, tests) have no past: the caps alone. A session (:attr:`live`) starts from
black and rises no faster than the rise allows.
"""

from __future__ import annotations

import math

import numpy as np

from vrasmr.frame import View
from vrasmr.render import bloom
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS
from vrasmr.xmath import Fov, Pose, quat_from_yaw_pitch_roll, quat_rotate

MEAN_LUMINANCE_CAP = DEFAULT_THRESHOLDS.mean_luminance_max  # 0.10
MELANOPIC_CAP_LUX = DEFAULT_THRESHOLDS.light_budget_start_lux  # 10 lux melanopic EDI
RISE_PER_S = 0.05  # half a flash (0.10) a second: no two flashes ever fit in one second
PROBE_PERIOD_S = 1.0 / 15.0  # the whole cube is rendered at least this often
FACE = 16  # probe face size, pixels (mip level 4 is one texel)
_LEVEL = 2  # the mip level the guard reads: 4 x 4 tiles a face
_STATE_TEXELS = 32
_MAX_DT = 0.25

# Cube faces: forward, left, back, right, up, down (yaw, pitch in radians).
_FACES = (
    (0.0, 0.0),
    (math.pi / 2, 0.0),
    (math.pi, 0.0),
    (-math.pi / 2, 0.0),
    (0.0, math.pi / 2),
    (0.0, -math.pi / 2),
)
_FACE_FOV = Fov.symmetric(90.0, 1.0)


def _axes(q) -> tuple[tuple[float, ...], ...]:
    """A probe face's forward, right and up in the world (its image's -Z, +X, +Y)."""
    return tuple(
        tuple(float(x) for x in quat_rotate(q, v)) for v in ((0, 0, -1), (1, 0, 0), (0, 1, 0))
    )


class LightGuard:
    """The probe, the exposure state and the pass between them, for one renderer."""

    def __init__(self, ctx, programs):
        self.ctx = ctx
        self.enabled = True  # False: the exposure is kept but not applied (vrasmr check)
        self.live = False  # True in a session: memory of what was shown (the rise limit)
        self.cap = MEAN_LUMINANCE_CAP
        self.melanopic_cap_lux = MELANOPIC_CAP_LUX
        self.rise_per_s = RISE_PER_S
        self._orientations = [quat_from_yaw_pitch_roll(y, p) for y, p in _FACES]
        self.probe = ctx.texture((FACE * 6, FACE), 4, dtype="f4")
        self.probe.filter = (ctx.NEAREST_MIPMAP_NEAREST, ctx.NEAREST)
        self.probe.build_mipmaps(0, _LEVEL)
        self._depth = ctx.depth_renderbuffer((FACE * 6, FACE))
        self.probe_fbo = ctx.framebuffer([self.probe], self._depth)
        self._states = [ctx.texture((_STATE_TEXELS, 1), 4, dtype="f4") for _ in range(2)]
        for tex in self._states:
            tex.filter = (ctx.NEAREST, ctx.NEAREST)
        self._state_fbos = [ctx.framebuffer([tex]) for tex in self._states]
        self._current = 0
        self._program = programs.get("light_guard")
        self._vao = ctx.vertex_array(self._program, [])
        prog = self._program
        prog["u_probe"].value = 2
        prog["u_state"].value = 3
        axes = [_axes(q) for q in self._orientations]
        prog["u_face_forward"].value = [a[0] for a in axes]
        prog["u_face_right"].value = [a[1] for a in axes]
        prog["u_face_up"].value = [a[2] for a in axes]
        prog["u_mel"].value = DEFAULT_THRESHOLDS.melanopic_lux_per_linear_rgb
        prog["u_bloom_threshold"].value = bloom.THRESHOLD
        prog["u_bloom_strength"].value = bloom.STRENGTH
        self._last_t: float | None = None
        self._next_face = 0
        self._fresh = True  # no face rendered yet: the next step renders all six
        self.reset()

    # ---- state ------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget what was shown: a live guard starts again from black."""
        for fbo in self._state_fbos:
            fbo.clear(0.0, 0.0, 0.0, 0.0)
        self._last_t = None
        self._fresh = True

    @property
    def state(self):
        """The texture the post pass reads (texel 0: the exposure)."""
        return self._states[self._current]

    def read_exposure(self) -> float:
        """The exposure now (a read-back that waits for the GPU: tests and the check)."""
        raw = np.frombuffer(self.state.read(), dtype=np.float32).reshape(-1, 4)
        return float(raw[0, 0])

    # ---- per frame ----------------------------------------------------------------------
    def faces_due(self, time_s: float) -> int:
        """How many probe faces to render for a frame at ``time_s`` (0: same frame again)."""
        if self._fresh or self._last_t is None:
            return 6
        dt = time_s - self._last_t
        if dt <= 0.0:
            return 0
        return min(6, max(1, math.ceil(6 * dt / PROBE_PERIOD_S - 1e-9)))

    def probe_views(self, position, count: int) -> list[tuple[int, View]]:
        """The next ``count`` faces to render, round robin, as (face, view from ``position``)."""
        out = []
        for _ in range(count):
            k = self._next_face
            self._next_face = (k + 1) % 6
            out.append((k, View(Pose.make(position, self._orientations[k]), _FACE_FOV)))
        return out

    def face_viewport(self, k: int) -> tuple[int, int, int, int]:
        return (k * FACE, 0, FACE, FACE)

    def step(self, time_s: float) -> None:
        """After the faces are rendered and the frame's block written: mipmap the probe and
        run the exposure pass into the other state texture."""
        dt = 0.0 if self._last_t is None else min(max(time_s - self._last_t, 0.0), _MAX_DT)
        self._last_t = time_s
        self._fresh = False
        self.probe.build_mipmaps(0, _LEVEL)
        prog = self._program
        prog["u_dt"].value = dt
        prog["u_cap"].value = self.cap
        prog["u_mel_cap"].value = self.melanopic_cap_lux
        prog["u_rise"].value = self.rise_per_s
        prog["u_still"].value = 0.0 if self.live else 1.0
        previous = self._states[self._current]
        self._current ^= 1
        target = self._state_fbos[self._current]
        self.probe.use(2)
        previous.use(3)
        target.use()
        self._vao.render(mode=self.ctx.TRIANGLES, vertices=3)

    def release(self) -> None:
        for obj in (
            self._vao,
            self.probe_fbo,
            self._depth,
            self.probe,
            *self._state_fbos,
            *self._states,
        ):
            obj.release()
