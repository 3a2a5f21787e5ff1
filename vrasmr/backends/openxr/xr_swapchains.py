"""One colour swapchain per eye at the recommended size; framebuffers made once and reused."""

from __future__ import annotations

from dataclasses import dataclass

import moderngl
import xr

from .formats import ColorChoice, choose_color_format

GL_FRAMEBUFFER_SRGB = 0x8DB9


@dataclass
class EyeSwapchain:
    """A swapchain, its framebuffers (one per image) and a shared depth buffer."""

    handle: object
    size: tuple[int, int]
    framebuffers: list[moderngl.Framebuffer]


def create_eye_swapchains(
    session, ctx: moderngl.Context, view_configs, srgb_override: bool | None
) -> tuple[list[EyeSwapchain], ColorChoice]:
    """Swapchains for each view at the runtime's recommended size and preferred format."""
    choice = choose_color_format(xr.enumerate_swapchain_formats(session), srgb_override)
    if choice is None:
        raise RuntimeError("the runtime offers no colour swapchain format vrasmr can draw into")
    eyes = []
    for vc in view_configs:
        size = (int(vc.recommended_image_rect_width), int(vc.recommended_image_rect_height))
        handle = xr.create_swapchain(
            session,
            xr.SwapchainCreateInfo(
                usage_flags=xr.SwapchainUsageFlags.COLOR_ATTACHMENT_BIT
                | xr.SwapchainUsageFlags.SAMPLED_BIT,
                format=choice.gl_format,
                sample_count=1,
                width=size[0],
                height=size[1],
                face_count=1,
                array_size=1,
                mip_count=1,
            ),
        )
        images = xr.enumerate_swapchain_images(handle, xr.SwapchainImageOpenGLKHR)
        depth = ctx.depth_renderbuffer(size)
        fbos = [
            ctx.framebuffer(
                color_attachments=[ctx.external_texture(int(img.image), size, 4, 0, choice.dtype)],
                depth_attachment=depth,
            )
            for img in images
        ]
        eyes.append(EyeSwapchain(handle, size, fbos))
    return eyes, choice


def set_framebuffer_srgb(enabled: bool) -> None:
    """glEnable/glDisable(GL_FRAMEBUFFER_SRGB) through libGL (moderngl has no switch for it).

    Called twice a frame: the library is looked up once (a find_library per call cost ~1.5 ms).
    """
    from .glx import _load

    gl = _load(("GL", "OpenGL"))
    (gl.glEnable if enabled else gl.glDisable)(GL_FRAMEBUFFER_SRGB)
