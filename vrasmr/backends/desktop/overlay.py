"""On-screen text (stats, errors, help): Pillow draws it into a texture shown as a dim quad.

The text is re-rasterised only when it changes, and at most every ``min_interval_s``
(about 2 Hz), so the overlay costs one textured quad per frame.
"""

from __future__ import annotations

import numpy as np

_VERTEX = """
#version 330 core
uniform vec4 u_rect;  // x0, y0, x1, y1 in clip space
out vec2 v_uv;
void main() {
    vec2 corner = vec2(gl_VertexID & 1, (gl_VertexID >> 1) & 1);
    v_uv = vec2(corner.x, 1.0 - corner.y);  // the image's top row is uploaded first
    gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
}
"""

_FRAGMENT = """
#version 330 core
uniform sampler2D u_text;
uniform float u_alpha;
in vec2 v_uv;
out vec4 f_color;
void main() {
    vec4 c = texture(u_text, v_uv);
    f_color = vec4(c.rgb, c.a * u_alpha);
}
"""


class TextImage:
    """Lines of text rasterised to an RGBA array, redrawn only when they change (rate-limited)."""

    def __init__(self, min_interval_s: float = 0.5, *, line_px: int = 14, pad: int = 6):
        self.min_interval_s = min_interval_s
        self.line_px = line_px
        self.pad = pad
        self.lines: tuple[str, ...] = ()
        self.image: np.ndarray | None = None  # (h, w, 4) uint8, top row first
        self.version = 0  # bumps on every redraw
        self._last_s: float | None = None
        self._font = None

    def update(self, lines, now_s: float, *, force: bool = False) -> bool:
        """Redraw if the text changed and the last redraw is old enough; True when redrawn."""
        lines = tuple(lines)
        if lines == self.lines and self.image is not None:
            return False
        recent = self._last_s is not None and now_s - self._last_s < self.min_interval_s
        if recent and not force:
            return False
        self.lines = lines
        self.image = self._draw(lines) if lines else None
        self._last_s = now_s
        self.version += 1
        return True

    def _draw(self, lines) -> np.ndarray:
        from PIL import Image, ImageDraw, ImageFont

        if self._font is None:
            self._font = ImageFont.load_default()
        font = self._font
        measure = ImageDraw.Draw(Image.new("L", (1, 1)))
        width = max(int(measure.textlength(line, font=font)) for line in lines)
        w = width + 2 * self.pad
        h = len(lines) * self.line_px + 2 * self.pad
        img = Image.new("RGBA", (w, h), (0, 0, 0, 150))
        draw = ImageDraw.Draw(img)
        for i, line in enumerate(lines):
            colour = (235, 140, 120, 255) if line.startswith("!") else (170, 170, 160, 255)
            draw.text((self.pad, self.pad + i * self.line_px), line, fill=colour, font=font)
        return np.asarray(img, dtype=np.uint8)


class OverlayQuad:
    """Draws a :class:`TextImage` into the window's top-left corner, blended and dim."""

    def __init__(self, ctx, alpha: float = 0.8):
        self.ctx = ctx
        self.alpha = alpha
        self.program = ctx.program(vertex_shader=_VERTEX, fragment_shader=_FRAGMENT)
        self.vao = ctx.vertex_array(self.program, [])
        self.texture = None
        self._version = -1

    def _upload(self, text: TextImage) -> None:
        img = text.image
        h, w = img.shape[:2]
        if self.texture is None or self.texture.size != (w, h):
            if self.texture is not None:
                self.texture.release()
            self.texture = self.ctx.texture((w, h), 4)
            self.texture.filter = (self.ctx.NEAREST, self.ctx.NEAREST)
        self.texture.write(np.ascontiguousarray(img).tobytes())
        self._version = text.version

    def draw(self, target, fb_size, text: TextImage, margin: int = 8) -> None:
        if text.image is None:
            return
        if text.version != self._version:
            self._upload(text)
        fw, fh = max(fb_size[0], 1), max(fb_size[1], 1)
        w, h = self.texture.size
        x0 = -1.0 + 2.0 * margin / fw
        y1 = 1.0 - 2.0 * margin / fh
        rect = (x0, y1 - 2.0 * h / fh, x0 + 2.0 * w / fw, y1)
        ctx = self.ctx
        target.use()
        target.viewport = (0, 0, fw, fh)
        ctx.enable(ctx.BLEND)
        ctx.blend_func = ctx.SRC_ALPHA, ctx.ONE_MINUS_SRC_ALPHA
        self.texture.use(0)
        self.program["u_text"].value = 0
        self.program["u_alpha"].value = self.alpha
        self.program["u_rect"].value = rect
        self.vao.render(mode=ctx.TRIANGLE_STRIP, vertices=4)
        ctx.disable(ctx.BLEND)

    def release(self) -> None:
        if self.texture is not None:
            self.texture.release()
        self.vao.release()
        self.program.release()
