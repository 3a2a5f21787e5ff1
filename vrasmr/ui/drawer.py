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
        self._panel_u = _Uniforms(self.panel_prog)
        self._ring_u = _Uniforms(self.ring_prog)
        self._prepared: tuple | None = None  # (menu, its step count, parts to draw)

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
            for vao in parts:
                if vao is self.panel_vao:
                    self.texture.use(0)
                vao.render(mode=ctx.TRIANGLES, vertices=6)
        finally:
            ctx.disable(ctx.BLEND)

    def _prepare(self, menu) -> tuple:
        """Set this frame's uniforms; the vertex arrays to draw, in order."""
        parts = []
        if menu.drawn:
            self.refresh(menu)
            if self._shown is not None:
                self._panel_uniforms(menu)
                parts.append(self.panel_vao)
                reticle = menu.reticle
                if reticle is not None:
                    x, y, progress = reticle
                    right, up, _ = menu.place.axes()
                    centre = menu.place.point3(x, y, lift=0.005)
                    self._ring(centre, right, up, RETICLE_M, progress, menu.opacity, RETICLE_SRGB)
                    parts.append(self.ring_vao)
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
            parts.append(self.ring_vao)
        return tuple(parts)

    def _panel_uniforms(self, menu) -> None:
        p = self._panel_u
        place = menu.place
        w, h = place.width, place.height
        (rx, ry, rz), (ux, uy, uz), _ = place.axes()
        p.set("u_top_left", place.top_left())
        p.set("u_across", (rx * w, ry * w, rz * w))
        p.set("u_down", (-ux * h, -uy * h, -uz * h))
        hover = menu.hover.item if menu.hover is not None else None
        if hover is not None:
            x0, y0, x1, y1 = hover.rect
            rect = (x0 / w, y0 / h, x1 / w, y1 / h)
        else:
            rect = (1.0, 1.0, 0.0, 0.0)
        p.set("u_hover", rect)
        p.set("u_opacity", _ease(menu.opacity))
        p.set("u_panel", 0)

    def _ring(self, centre, right, up, half, progress, opacity, colour) -> None:
        """Uniforms of a ring quad at ``centre``: along ``right``/``up``, or facing the eye
        (float triples)."""
        p = self._ring_u
        p.set("u_centre", tuple(centre))
        if right is None:
            p.set("u_billboard", float(half))
        else:
            p.set("u_billboard", 0.0)
            p.set("u_right", (right[0] * half, right[1] * half, right[2] * half))
            p.set("u_up", (up[0] * half, up[1] * half, up[2] * half))
        p.set("u_progress", float(progress))
        p.set("u_opacity", float(opacity))
        p.set("u_colour", colour)

    def release(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self.panel_vao.release()
        self.ring_vao.release()
        self.texture.release()


class _Uniforms:
    """A program's uniforms, each written only when its value changes (most stay put from
    frame to frame, and a write costs microseconds)."""

    __slots__ = ("program", "sent", "members")

    def __init__(self, program):
        self.program = program
        self.sent: dict[str, object] = {}
        self.members: dict[str, object] = {}

    def set(self, name: str, value) -> None:
        if self.sent.get(name) != value:
            member = self.members.get(name)
            if member is None:
                member = self.members[name] = self.program[name]
            member.value = value
            self.sent[name] = value


def _ease(x: float) -> float:
    """Smoothstep, so the fade starts and ends without a visible step."""
    x = min(max(x, 0.0), 1.0)
    return x * x * (3.0 - 2.0 * x)
