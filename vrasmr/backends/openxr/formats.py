"""Choosing swapchain formats from what the runtime offers (GL internal formats)."""

from __future__ import annotations

from dataclasses import dataclass

GL_RGBA8 = 0x8058
GL_SRGB8_ALPHA8 = 0x8C43
GL_RGB10_A2 = 0x8059
GL_RGBA16F = 0x881A

COLOR_PREFERENCE = (GL_SRGB8_ALPHA8, GL_RGBA8, GL_RGB10_A2, GL_RGBA16F)
SRGB_FORMATS = frozenset({GL_SRGB8_ALPHA8})


@dataclass(frozen=True)
class ColorChoice:
    """The colour swapchain format and whether GL must encode sRGB when writing it."""

    gl_format: int
    srgb: bool  # enable GL_FRAMEBUFFER_SRGB while drawing
    dtype: str  # moderngl dtype of the texture: "f1" or "f2"

    @property
    def shader_encodes_srgb(self) -> bool:
        """Whether the App's shader must write sRGB-encoded values itself.

        Never when GL encodes (``srgb``); never for a linear format, whose values the
        compositor reads as linear; only for an sRGB format with GL encoding forced off
        (a runtime that shows the stored values as they are).
        """
        return self.gl_format in SRGB_FORMATS and not self.srgb


def choose_color_format(offered, srgb_override: bool | None = None) -> ColorChoice | None:
    """Best colour format among ``offered`` (runtime preference order breaks ties).

    ``srgb_override`` corrects runtimes that treat the chosen format the other way: True
    forces GL sRGB encoding on, False forces it off, None follows the format.
    """
    offered_set = {int(f) for f in offered}
    for fmt in COLOR_PREFERENCE:
        if fmt in offered_set:
            srgb = fmt in SRGB_FORMATS if srgb_override is None else srgb_override
            return ColorChoice(fmt, srgb, "f2" if fmt == GL_RGBA16F else "f1")
    return None
