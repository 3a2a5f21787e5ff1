"""Draws the menu with GL: the panel quad (Pillow atlas), the gaze reticle, the summon marker.

It draws right after the scene for the same view, so its shaders read the view and projection
from the renderer's FrameBlock (binding 0): nothing is computed or written per eye, and a
uniform is written only when its value changes.

The panel texture is repainted on a worker thread only when the menu's content changes and
uploaded on the next draw; hover is a shader uniform, so pointing never repaints. Draws go
straight into the view's target after the scene, depth test off, alpha blended.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

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
            if "FrameBlock" in prog:
                prog["FrameBlock"].binding = 0
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
        self.uploads = 0
        self._sent: dict[tuple[int, str], object] = {}  # last value written per uniform
        self._prepared: tuple | None = None  # (menu, its step count, parts to draw)

    def _set(self, prog, name: str, value) -> None:
        """Write a uniform only when its value changed (most stay put from frame to frame)."""
        key = (id(prog), name)
        if self._sent.get(key) != value:
            prog[name].value = value
            self._sent[key] = value

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
            self.uploads += 1

    # ---- drawing --------------------------------------------------------------------
    def draw(self, menu, view, *, encode_srgb: bool = True, near: float = 0.05) -> None:
        """Draw the panel (if not fully hidden), the reticle and the marker for ``view``.

        The renderer's FrameBlock must hold ``view``'s matrices (it does right after
        ``Renderer.draw`` for that view); ``view`` and ``near`` are kept for callers.
        """
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
            for prog, vao in parts:
                self._set(prog, "u_encode_srgb", bool(encode_srgb))
                if vao is self.panel_vao:
                    self.texture.use(0)
                vao.render(mode=ctx.TRIANGLES, vertices=6)
        finally:
            ctx.disable(ctx.BLEND)

    def _prepare(self, menu) -> tuple:
        """Set this frame's uniforms; the (program, vertex array) pairs to draw, in order."""
        parts = []
        if menu.drawn:
            self.refresh(menu)
            if self._shown is not None:
                self._panel_uniforms(menu)
                parts.append((self.panel_prog, self.panel_vao))
                reticle = menu.reticle
                if reticle is not None:
                    x, y, progress = reticle
                    right, up, _ = menu.place.axes()
                    centre = menu.place.point(x, y, lift=0.005)
                    self._ring(centre, right, up, RETICLE_M, progress, menu.opacity, RETICLE_SRGB)
                    parts.append((self.ring_prog, self.ring_vao))
        elif menu.marker_position is not None and menu.opacity == 0.0:
            self._ring(
                menu.marker_position,
                None,
                None,
                MARKER_M,
                menu.summon_progress,
                MARKER_OPACITY,
                MARKER_SRGB,
            )
            parts.append((self.ring_prog, self.ring_vao))
        return tuple(parts)

    def _panel_uniforms(self, menu) -> None:
        p = self.panel_prog
        place = menu.place
        right, up, _ = place.axes()
        self._set(p, "u_top_left", tuple(place.top_left().tolist()))
        self._set(p, "u_across", tuple((right * place.width).tolist()))
        self._set(p, "u_down", tuple((-up * place.height).tolist()))
        hover = menu.hover.item if menu.hover is not None else None
        if hover is not None:
            x0, y0, x1, y1 = hover.rect
            rect = (x0 / place.width, y0 / place.height, x1 / place.width, y1 / place.height)
        else:
            rect = (1.0, 1.0, 0.0, 0.0)
        self._set(p, "u_hover", rect)
        self._set(p, "u_opacity", float(_ease(menu.opacity)))
        self._set(p, "u_panel", 0)

    def _ring(self, centre, right, up, half, progress, opacity, colour) -> None:
        """Uniforms of a ring quad at ``centre``: along ``right``/``up``, or facing the eye."""
        p = self.ring_prog
        self._set(p, "u_centre", tuple(np.asarray(centre, dtype=float).tolist()))
        if right is None:
            self._set(p, "u_billboard", float(half))
        else:
            self._set(p, "u_billboard", 0.0)
            self._set(p, "u_right", tuple((np.asarray(right) * half).tolist()))
            self._set(p, "u_up", tuple((np.asarray(up) * half).tolist()))
        self._set(p, "u_progress", float(progress))
        self._set(p, "u_opacity", float(opacity))
        self._set(p, "u_colour", colour)

    def release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self.panel_vao.release()
        self.ring_vao.release()
        self.texture.release()


def _ease(x: float) -> float:
    """Smoothstep, so the fade starts and ends without a visible step."""
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)
