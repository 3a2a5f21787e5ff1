"""Draws the menu with GL: the panel quad (Pillow atlas), the gaze reticle, the summon marker,
and the first night's hint (:mod:`vrasmr.ui.hint`: a dim line of text, the panel's shader on
its own small texture and MenuBlock).

It draws right after the scene for the same view, so its shaders read the view and projection
from the renderer's FrameBlock (binding 0); the menu's own values for the frame (panel corner
and axes, hover, opacity, the ring) go in one MenuBlock (binding 1), written once a frame and
only when something changed. Nothing is computed or written per eye.

The panel texture is repainted on a worker thread only when the menu's content changes and
uploaded on the next draw; hover is a shader uniform, so pointing never repaints. Draws go
straight into the view's target after the scene, depth test off, alpha blended.
"""

from __future__ import annotations

import struct
from concurrent.futures import Future, ThreadPoolExecutor

from vrasmr.background import lower_this_thread

RETICLE_M = 0.035  # half-size of the gaze reticle
MARKER_M = 0.03  # half-size of the summoning marker
MARKER_OPACITY = 0.45
RETICLE_SRGB = (0.86, 0.70, 0.50)
MARKER_SRGB = (0.62, 0.50, 0.40)


class MenuDrawer:
    """One per GL context; :meth:`draw` once per view after the scene."""

    def __init__(self, ctx, programs, *, background: bool = True):
        from vrasmr.ui.paint import panel_size_px

        self.ctx = ctx
        self.panel_prog = programs.get("menu")
        self.ring_prog = programs.get("menu_reticle")
        self.texture = ctx.texture(panel_size_px(), 4)
        self.texture.filter = (ctx.LINEAR, ctx.LINEAR)
        for prog in (self.panel_prog, self.ring_prog):
            for name, binding in (("FrameBlock", 0), ("MenuBlock", 1)):
                if name in prog:
                    prog[name].binding = binding
        if "u_panel" in self.panel_prog:
            self.panel_prog["u_panel"].value = 0
        self.block = ctx.buffer(reserve=_MENU_BLOCK.size)
        self._block_values: tuple | None = None  # what the MenuBlock holds
        self.panel_vao = ctx.vertex_array(self.panel_prog, [])
        self.ring_vao = ctx.vertex_array(self.ring_prog, [])
        self._pool = (
            ThreadPoolExecutor(1, "vrasmr-menu-paint", initializer=lower_this_thread)
            if background
            else None
        )
        self._want = None  # content key asked for
        self._shown = None  # content key in the texture
        self._job: tuple[object, Future] | None = None
        self._prepared: tuple | None = None  # (menu, its step count, parts to draw)
        self._hint: _HintGL | None = None  # made on the first night's first hint

    # ---- texture --------------------------------------------------------------------
    def refresh(self, menu, *, wait: bool = False) -> None:
        """Start a repaint if the content changed; upload a finished one."""
        from vrasmr.ui.paint import paint_panel

        key = menu.content_key()
        if key != self._want and (self._job is None or self._job[1].done()):
            self._want = key
            items, labels = menu.layout()
            if self._pool is None:
                fut: Future = Future()
                fut.set_result(paint_panel(items, labels))
            else:
                fut = self._pool.submit(paint_panel, items, labels)
            self._job = (key, fut)
        if self._job is not None and (wait or self._job[1].done()):
            key, fut = self._job
            self._job = None
            self.texture.write(fut.result().tobytes())
            self._shown = key

    # ---- drawing --------------------------------------------------------------------
    def draw(self, menu) -> None:
        """Draw the panel (if not fully hidden), the reticle and the marker for the view
        whose FrameBlock is bound: its matrices and output encoding are the ones
        ``Renderer.draw`` just wrote for that view."""
        if not (menu.drawn or menu.marker_position is not None):
            return
        prepared = self._prepared
        if prepared is None or prepared[0] is not menu or prepared[1] != menu.steps:
            # The first view of a frame sets the uniforms (world-space, the same for both
            # eyes); later views only bind and draw.
            self._prepared = (menu, menu.steps, self._prepare(menu))
        parts = self._prepared[2]
        if not parts:
            return
        ctx = self.ctx
        ctx.disable(ctx.DEPTH_TEST)
        ctx.enable(ctx.BLEND)
        ctx.blend_func = ctx.SRC_ALPHA, ctx.ONE_MINUS_SRC_ALPHA
        try:
            for vao, block, texture in parts:
                block.bind_to_uniform_block(1)
                if texture is not None:
                    texture.use(0)
                vao.render(mode=ctx.TRIANGLES, vertices=6)
        finally:
            ctx.disable(ctx.BLEND)

    def _prepare(self, menu) -> tuple:
        """Write this frame's MenuBlocks (if they changed); what to draw, in order, as
        (vertex array, MenuBlock, texture or None)."""
        parts = []
        panel = _NO_PANEL
        ring = _NO_RING
        hint = getattr(menu, "hint", None)
        if hint is not None and hint.opacity > 0.0 and hint.centre is not None:
            if self._hint is None:
                self._hint = _HintGL(self.ctx, self.panel_prog, self._pool)
            if self._hint.ready():
                self._hint.write(hint)
                parts.append((self._hint.vao, self._hint.block, self._hint.texture))
        if menu.drawn:
            self.refresh(menu)
            if self._shown is not None:
                panel = self._panel_values(menu)
                parts.append((self.panel_vao, self.block, self.texture))
                reticle = menu.reticle
                if reticle is not None:
                    x, y, progress = reticle
                    right, up, _ = menu.place.axes()
                    centre = menu.place.point3(x, y, lift=0.005)
                    ring = _ring_values(
                        centre, right, up, RETICLE_M, progress, menu.opacity, RETICLE_SRGB
                    )
                    parts.append((self.ring_vao, self.block, None))
        elif menu.marker_position is not None and menu.opacity == 0.0:
            ring = _ring_values(
                menu.marker_position,
                None,
                None,
                MARKER_M,
                menu.summon_progress,
                MARKER_OPACITY,
                MARKER_SRGB,
            )
            parts.append((self.ring_vao, self.block, None))
        if any(block is self.block for _, block, _ in parts):
            values = (*panel, *ring)
            if values != self._block_values:  # (a still menu writes nothing)
                self.block.write(_MENU_BLOCK.pack(*values))
                self._block_values = values
        return tuple(parts)

    def _panel_values(self, menu) -> tuple[float, ...]:
        """The MenuBlock's panel half: corner and opacity, the two axes, the hover rectangle."""
        place = menu.place
        w, h = place.width, place.height
        (rx, ry, rz), (ux, uy, uz), _ = place.axes()
        hover = menu.hover.item if menu.hover is not None else None
        if hover is not None:
            x0, y0, x1, y1 = hover.rect
            rect = (x0 / w, y0 / h, x1 / w, y1 / h)
        else:
            rect = (1.0, 1.0, 0.0, 0.0)
        return (
            *place.top_left(),
            _ease(menu.opacity),
            *(rx * w, ry * w, rz * w, 0.0),
            *(-ux * h, -uy * h, -uz * h, 0.0),
            *rect,
        )

    def release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        if self._hint is not None:
            self._hint.release()
        self.panel_vao.release()
        self.ring_vao.release()
        self.block.release()
        self.texture.release()


class _HintGL:
    """The first-night hint's texture (painted once, off the frame path), MenuBlock and quad."""

    def __init__(self, ctx, panel_prog, pool) -> None:
        from vrasmr.ui.hint import HINT_LINES
        from vrasmr.ui.paint import hint_size_px, paint_hint

        self.texture = ctx.texture(hint_size_px(), 4)
        self.texture.filter = (ctx.LINEAR, ctx.LINEAR)
        self.block = ctx.buffer(reserve=_MENU_BLOCK.size)
        self.vao = ctx.vertex_array(panel_prog, [])
        self._values: tuple | None = None
        if pool is None:
            self._job: Future = Future()
            self._job.set_result(paint_hint(HINT_LINES))
        else:
            self._job = pool.submit(paint_hint, HINT_LINES)
        self._uploaded = False

    def ready(self) -> bool:
        """The text is in the texture (uploaded on the first draw after it was painted)."""
        if not self._uploaded and self._job.done():
            self.texture.write(self._job.result().tobytes())
            self._uploaded = True
        return self._uploaded

    def write(self, hint) -> None:
        from vrasmr.ui.hint import HINT_HEIGHT_M, HINT_WIDTH_M

        (ax, ay, az), (dx, dy, dz) = hint.across, hint.down
        w, h = HINT_WIDTH_M, HINT_HEIGHT_M
        values = (
            *hint.top_left(),
            _ease(hint.opacity),
            *(ax * w, ay * w, az * w, 0.0),
            *(dx * h, dy * h, dz * h, 0.0),
            *(1.0, 1.0, 0.0, 0.0),  # no hover
            *_NO_RING,
        )
        if values != self._values:
            self.block.write(_MENU_BLOCK.pack(*values))
            self._values = values

    def release(self) -> None:
        self.vao.release()
        self.block.release()
        self.texture.release()


_MENU_BLOCK = struct.Struct("32f")  # eight vec4s: see shaders/menu_block.glsl
_NO_PANEL = (0.0,) * 16
_NO_RING = (0.0,) * 16


def _ring_values(centre, right, up, half, progress, opacity, colour) -> tuple[float, ...]:
    """The MenuBlock's ring half: a quad at ``centre`` along ``right``/``up`` (float
    triples), or facing the eye when they are None; its progress, opacity and colour."""
    cx, cy, cz = centre
    if right is None:
        billboard, right3, up3 = float(half), (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)
    else:
        billboard = 0.0
        right3 = (right[0] * half, right[1] * half, right[2] * half)
        up3 = (up[0] * half, up[1] * half, up[2] * half)
    return (
        *(cx, cy, cz, billboard),
        *right3,
        float(progress),
        *up3,
        float(opacity),
        *colour,
        1.0,
    )


def _ease(x: float) -> float:
    """Smoothstep, so the fade starts and ends without a visible step."""
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)
