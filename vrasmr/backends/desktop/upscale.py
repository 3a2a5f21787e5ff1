"""The preview's scaled render target and its upscale into the window (linear filter).

Below scale 1 the App draws its views into an 8-bit offscreen framebuffer (the post pass
has already encoded sRGB), and one textured triangle stretches it over the window; the
overlay then goes on top at the window's own resolution. The program is compiled on
first use, so a session that never scales never pays for it.
"""

from __future__ import annotations

_VERTEX = """
#version 330 core
out vec2 v_uv;
void main() {
    vec2 p = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);  // one triangle over the window
    v_uv = p;
    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
"""

_FRAGMENT = """
#version 330 core
uniform sampler2D u_image;
in vec2 v_uv;
out vec4 f_color;
void main() {
    f_color = vec4(texture(u_image, v_uv).rgb, 1.0);
}
"""


class Upscaler:
    """One offscreen framebuffer (made again when its size changes) and the stretch pass."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.texture = None
        self.fbo = None
        self._program = None
        self._vao = None

    def target(self, size: tuple[int, int]):
        """The offscreen framebuffer of ``size`` pixels to draw the views into."""
        size = (int(size[0]), int(size[1]))
        if self.fbo is None or self.texture.size != size:
            self._release_target()
            ctx = self.ctx
            self.texture = ctx.texture(size, 4)
            self.texture.filter = (ctx.LINEAR, ctx.LINEAR)
            self.texture.repeat_x = self.texture.repeat_y = False  # clamp: no wrapped edges
            self.fbo = ctx.framebuffer([self.texture])
        return self.fbo

    def present(self, screen, fb_size: tuple[int, int]) -> None:
        """Stretch the last drawn target over ``screen`` (``fb_size`` pixels)."""
        ctx = self.ctx
        if self._program is None:
            self._program = ctx.program(vertex_shader=_VERTEX, fragment_shader=_FRAGMENT)
            self._program["u_image"].value = 0
            self._vao = ctx.vertex_array(self._program, [])
        ctx.disable(ctx.BLEND | ctx.DEPTH_TEST)
        screen.use()
        screen.viewport = (0, 0, int(fb_size[0]), int(fb_size[1]))
        self.texture.use(0)
        self._vao.render(mode=ctx.TRIANGLES, vertices=3)

    def _release_target(self) -> None:
        if self.fbo is not None:
            self.fbo.release()
            self.texture.release()
        self.fbo = self.texture = None

    def release(self) -> None:
        self._release_target()
        if self._program is not None:
            self._vao.release()
            self._program.release()
            self._program = self._vao = None
