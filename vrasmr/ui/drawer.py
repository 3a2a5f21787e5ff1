"""Draws the menu with GL: the panel quad (Pillow atlas), the gaze reticle, the summon marker.

The panel texture is repainted on a worker thread only when the menu's content changes and
uploaded on the next draw; hover is a shader uniform, so pointing never repaints. Draws go
straight into the view's target after the scene, depth test off, alpha blended.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from vrasmr.xmath import gl_bytes, projection_from_fov

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
        self.panel_vao = ctx.vertex_array(self.panel_prog, [])
        self.ring_vao = ctx.vertex_array(self.ring_prog, [])
        self._pool = ThreadPoolExecutor(1, "vrasmr-menu-paint") if background else None
        self._want = None  # content key asked for
        self._shown = None  # content key in the texture
        self._job: tuple[object, Future] | None = None
        self.uploads = 0

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
        """Draw the panel (if not fully hidden), the reticle and the marker for ``view``."""
        if not (menu.drawn or menu.marker_position is not None):
            return
        vp = projection_from_fov(view.fov, near, 200.0) @ view.pose.view_matrix()
        vp_bytes = gl_bytes(vp)
        ctx = self.ctx
        ctx.disable(ctx.DEPTH_TEST)
        ctx.enable(ctx.BLEND)
        ctx.blend_func = ctx.SRC_ALPHA, ctx.ONE_MINUS_SRC_ALPHA
        try:
            if menu.drawn:
                self.refresh(menu)
                if self._shown is not None:
                    self._draw_panel(menu, vp_bytes, encode_srgb)
                    reticle = menu.reticle
                    if reticle is not None:
                        x, y, progress = reticle
                        right, up, _ = menu.place.axes()
                        centre = menu.place.point(x, y, lift=0.005)
                        self._ring(
                            vp_bytes,
                            centre,
                            right,
                            up,
                            RETICLE_M,
                            progress,
                            menu.opacity,
                            RETICLE_SRGB,
                            encode_srgb,
                        )
            elif menu.marker_position is not None and menu.opacity == 0.0:
                self._marker(menu, view, vp_bytes, encode_srgb)
        finally:
            ctx.disable(ctx.BLEND)

    def _draw_panel(self, menu, vp_bytes: bytes, encode_srgb: bool) -> None:
        p = self.panel_prog
        place = menu.place
        right, up, _ = place.axes()
        p["u_view_proj"].write(vp_bytes)
        p["u_top_left"].value = tuple(place.top_left())
        p["u_across"].value = tuple(right * place.width)
        p["u_down"].value = tuple(-up * place.height)
        hover = menu.hover.item if menu.hover is not None else None
        if hover is not None:
            x0, y0, x1, y1 = hover.rect
            rect = (x0 / place.width, y0 / place.height, x1 / place.width, y1 / place.height)
        else:
            rect = (1.0, 1.0, 0.0, 0.0)
        p["u_hover"].value = rect
        p["u_opacity"].value = float(_ease(menu.opacity))
        p["u_encode_srgb"].value = bool(encode_srgb)
        self.texture.use(0)
        p["u_panel"].value = 0
        self.panel_vao.render(mode=self.ctx.TRIANGLES, vertices=6)

    def _marker(self, menu, view, vp_bytes: bytes, encode_srgb: bool) -> None:
        right, up = view.pose.right, view.pose.up
        self._ring(
            vp_bytes,
            menu.marker_position,
            right,
            up,
            MARKER_M,
            menu.summon_progress,
            MARKER_OPACITY,
            MARKER_SRGB,
            encode_srgb,
        )

    def _ring(self, vp_bytes, centre, right, up, half, progress, opacity, colour, srgb) -> None:
        p = self.ring_prog
        p["u_view_proj"].write(vp_bytes)
        p["u_centre"].value = tuple(float(c) for c in centre)
        p["u_right"].value = tuple(float(c) for c in np.asarray(right) * half)
        p["u_up"].value = tuple(float(c) for c in np.asarray(up) * half)
        p["u_progress"].value = float(progress)
        p["u_opacity"].value = float(opacity)
        p["u_colour"].value = colour
        p["u_encode_srgb"].value = bool(srgb)
        self.ring_vao.render(mode=self.ctx.TRIANGLES, vertices=6)

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
