"""Draws a scene's visual layers for one view, then the post pass into the target.

The :class:`Renderer` is the GL implementation of :class:`~vrasmr.render.contract.SceneRenderer`:
it makes one drawer per layer model (:mod:`vrasmr.render.layers`) and draws them in order.

Layers draw in linear light into a float offscreen target made once per size; the bloom
pass (:mod:`vrasmr.render.bloom`) blurs its bright parts, and the final pass adds them,
applies night warmth, the light guard's exposure (:mod:`.light_guard`, which renders its own
small probe of the scene once a frame before the view), brightness and the fade, dithers
with blue noise and encodes sRGB (in the shader, or by GL_FRAMEBUFFER_SRGB when the target
is an sRGB swapchain image). Per-view data goes through one uniform buffer shared by every
program, written from a preallocated array; the scene's light
(:mod:`vrasmr.render.layers.lights`) through another, written once per scene.

Effects come in quality tiers: "high" (a GPU, thumbnails, the contact sheet) and "low" (a
software renderer such as llvmpipe: the desktop preview), which blooms at an eighth of the
size, lights surfaces per vertex and draws only the materials' broad strokes: its programs
are compiled with ``LOW_TIER`` defined (:meth:`ProgramLibrary.with_defines`).
"""

from __future__ import annotations

import struct

import numpy as np

from vrasmr.render import bloom
from vrasmr.render.contract import DrawState, Look
from vrasmr.render.layers import default_layer, drawer_class, lights
from vrasmr.render.layers.base import Drawer
from vrasmr.render.light_guard import LightGuard
from vrasmr.render.targets import OffscreenTargets, Target
from vrasmr.xmath import projection_from_fov

GL_FRAMEBUFFER_SRGB = 0x8DB9
_BLOCK_FLOATS = 16 * 3 + 4 * 3
_pack_block = struct.Struct(f"{_BLOCK_FLOATS}f").pack
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software")
TIER_DEFINES = {"low": ("LOW_TIER",), "high": ()}  # compiled into every program


def quality_for(ctx) -> str:
    """ "low" on a software renderer (every pixel costs CPU), else "high"."""
    name = str(ctx.info.get("GL_RENDERER", "")).lower()
    return "low" if any(s in name for s in SOFTWARE_RENDERERS) else "high"


class Renderer:
    """One renderer per GL context; ``set_layers`` swaps what it draws.

    Layers are the scene's layer models (:mod:`vrasmr.scene.layers`); each gets a drawer.
    """

    near = 0.05
    far = 200.0

    def __init__(self, ctx, programs, *, samples: int = 0, quality: str | None = None):
        self.ctx = ctx
        self.quality = quality or quality_for(ctx)
        self.programs = programs.with_defines(TIER_DEFINES[self.quality])
        self.samples = samples
        self.drawers: list[Drawer] = []  # what is drawn now, in draw order
        self._updating: list = []  # drawers that override Drawer.update
        self._next: tuple | None = None  # (layers, drawers built so far, kind counts, warmed)
        self._projections: dict = {}  # Fov -> projection and its inverse, as 32 floats
        self._last_fov = self._last_projection = None
        self.ubo = ctx.buffer(reserve=_BLOCK_FLOATS * 4)
        self.light_guard = LightGuard(ctx, self.programs)
        self.light_block = ctx.buffer(lights.pack(lights.SceneLight()).ljust(lights.BLOCK_BYTES))
        self.bloom = bloom.Bloom(ctx, self.programs, self.quality)
        self.dither = _dither_texture(ctx)
        self._post_vao = None
        self._take_post()
        self._targets = OffscreenTargets(ctx, samples, on_drop=self._forget_target)
        self._frame_index = 0
        self._commands: dict = {}  # framebuffer -> the layers' bound draw calls into it

    # ---- configuration ------------------------------------------------------------
    def _bind_block(self, program) -> None:
        if "FrameBlock" in program:
            program["FrameBlock"].binding = 0
        if "LightBlock" in program:
            program["LightBlock"].binding = lights.BINDING

    def _bind_drawer(self, drawer) -> None:
        """Point the FrameBlock of every program ``drawer`` draws with at binding 0."""
        for prog in (drawer.program, getattr(drawer, "body_program", None)):
            if prog is not None:
                self._bind_block(prog)

    def set_layers(self, layers) -> None:
        """Draw ``layers`` (layer models) from now on, releasing the old drawers."""
        self.begin_layers(layers)
        self.swap_layers()  # builds what is not built yet

    def warm_up_kinds(self, kinds) -> int:
        """Compile and first-draw one layer of each of ``kinds`` that is not on screen now,
        then free it: at session start, so a later switch never meets llvmpipe's shader JIT
        (the compiled shaders are cached by source). Returns how many were warmed."""
        showing = {drawer.program_name for drawer in self.drawers}
        warmed = 0
        for kind in kinds:
            cls = drawer_class(kind)
            if cls.program_name in showing:
                continue  # its programs carry the scene's uniforms: leave them be
            drawer = cls(self.ctx, self.programs, default_layer(kind))
            try:
                self._bind_drawer(drawer)
                self._warm_up(drawer)
                warmed += 1
            finally:
                drawer.release()
        return warmed

    @staticmethod
    def import_layers(layers) -> None:
        """Import the modules that draw ``layers`` and make what they need on the CPU, such
        as meshes (no GL: a loader thread calls this, so the first use of a kind costs no
        import and no mesh making on the frame path)."""
        layers = list(layers)
        for layer in layers:
            drawer_class(layer.kind).prepare(layer, layers)

    def begin_layers(self, layers) -> None:
        """Start building the next scene's layers, one per :meth:`build_step` call.

        A scene switch spreads the work over frames: each step compiles one layer's programs
        and draws it once into a tiny target, so llvmpipe's shader JIT happens then and not
        in the frame the layers are swapped in (:meth:`swap_layers`, cheap)."""
        self._discard_next()
        self._next = (list(layers), [], {}, [0])  # layers, built, kind counts, warmed count

    @property
    def building(self) -> bool:
        """True between :meth:`begin_layers` and :meth:`swap_layers`."""
        return self._next is not None

    def build_step(self) -> bool:
        """One step of building the next layers: make one drawer (compile its programs), or
        warm up the last one made (its first draw, where llvmpipe compiles the shaders),
        never both in one call. True when every drawer is made and warmed."""
        if self._next is None:
            return True
        layers, built, seen, warmed = self._next
        if warmed[0] < len(built):
            self._warm_up(built[warmed[0]])
            warmed[0] += 1
        elif len(built) < len(layers):
            layer = layers[len(built)]
            # A second layer of a kind gets its own programs, so its uniforms stay its own.
            k = seen[layer.kind] = seen.get(layer.kind, -1) + 1
            cls = drawer_class(layer.kind)
            drawer = cls(self.ctx, self.programs.instance(k), layer, layers)
            built.append(drawer)
            self._bind_drawer(drawer)
        return warmed[0] == len(built) == len(layers)

    def swap_layers(self) -> None:
        """Put the built layers in place of the current ones (finishing any not built)."""
        if self._next is None:
            return
        while not self.build_step():
            pass
        new = self._next[1]
        self._next = None
        new.sort(key=lambda drawer: drawer.draw_order)
        for drawer in new:
            drawer.link(new)
        for drawer in self.drawers:
            drawer.release()
        self.drawers = new
        self.light_block.write(lights.pack(lights.gather(new)))
        self.forget_commands()
        self._updating = [d for d in new if type(d).update is not Drawer.update]

    def _discard_next(self) -> None:
        if self._next is not None:
            for drawer in self._next[1]:
                drawer.release()
            self._next = None

    def _warm_up(self, drawer) -> None:
        """Draw ``drawer`` once into a tiny target of the real formats (JIT now, not later)."""
        made = self._target(_WARM_SIZE)
        ctx = self.ctx
        target = made.msaa or made.fbo
        self.ubo.bind_to_uniform_block(0)
        target.use()
        ctx.enable(ctx.DEPTH_TEST)
        try:
            drawer.draw()
        finally:
            ctx.disable(ctx.DEPTH_TEST | ctx.BLEND)

    def reload_shaders(self) -> list[str]:
        changed = self.programs.reload_changed()
        if changed:
            self.forget_commands()
            for drawer in self.drawers:
                if drawer.program_name in changed:
                    drawer.rebind()
                    self._bind_block(drawer.program)
            if "post" in changed:
                self._take_post()
        return changed

    def _take_post(self) -> None:
        """Use the library's post program (at start and after a reload): its vertex array,
        its FrameBlock binding, the frame on unit 0, its bloom on 1, the dither on 2 and the
        light guard's exposure on 3."""
        if self._post_vao is not None:
            self._post_vao.release()
        post = self.programs.get("post")
        self._post_vao = self.ctx.vertex_array(post, [])
        self._bind_block(post)
        for name, value in (
            ("u_scene", 0),
            ("u_bloom", 1),
            ("u_dither", 2),
            ("u_exposure", 3),
            ("u_bloom_strength", bloom.STRENGTH),
        ):
            if name in post:
                post[name].value = value

    def _target(self, size: tuple[int, int]) -> Target:
        return self._targets.get(size)

    def _forget_target(self, old: Target) -> None:
        """A target dropped for another size: its bound draw calls and its bloom go too."""
        self._commands.pop(old.msaa or old.fbo, None)
        self.bloom.forget(old.color)

    # ---- per view -----------------------------------------------------------------
    def _projection(self, fov) -> tuple[float, ...]:
        """The projection and its inverse for ``fov``, column-major floats, cached."""
        if fov is self._last_fov:  # (a runtime's Fov is usually the same object each frame)
            return self._last_projection
        hit = self._projections.get(fov)
        if hit is None:
            proj = projection_from_fov(fov, self.near, self.far)
            hit = (*proj.T.reshape(-1).tolist(), *np.linalg.inv(proj).T.reshape(-1).tolist())
            if len(self._projections) > 16:  # a runtime that changes fov every frame
                self._projections.clear()
            self._projections[fov] = hit
        self._last_fov, self._last_projection = fov, hit
        return hit

    def _write_block(
        self, view, time_s: float, breath: float, look: Look, encode_srgb: bool
    ) -> None:
        """The FrameBlock for ``view``: view, projection, inverse projection (column-major),
        eye position and time, breath and the look, the dither seed and the output encoding.
        Plain floats, and the shaders rebuild the inverse view from the view matrix: a dozen
        numpy calls on 4x4 matrices per eye cost more than the rest of the frame's Python.
        The post pass and the menu read their values here too, so they write no uniforms."""
        pose = view.pose
        r00, r01, r02, r10, r11, r12, r20, r21, r22 = pose.rows
        px, py, pz = pose.position3
        # view = [R^T | -R^T p]; its columns are R's rows
        self.ubo.write(
            _pack_block(
                *(r00, r01, r02, 0.0, r10, r11, r12, 0.0, r20, r21, r22, 0.0),
                -(r00 * px + r10 * py + r20 * pz),
                -(r01 * px + r11 * py + r21 * pz),
                -(r02 * px + r12 * py + r22 * pz),
                1.0,
                *self._projection(view.fov),
                *(px, py, pz, time_s, breath, look.brightness, look.warmth, look.fade),
                self._frame_index % 64,
                1.0 if encode_srgb else 0.0,
                look.person,
                1.0 if self.light_guard.enabled else 0.0,
            )
        )

    def limit_light_rise(self) -> None:
        """Serve a session: the light guard remembers what was shown (its rise limit)."""
        self.light_guard.live = True

    def draw(
        self,
        state: DrawState,
        view,
        target,
        size: tuple[int, int],
        *,
        viewport: tuple[int, int, int, int] | None = None,
        encode_srgb: bool = True,
    ) -> None:
        """Draw every layer for ``view`` at ``state`` (its time, breath and look) into
        ``target`` (a framebuffer) at ``viewport``; ``size`` is the view's pixel size."""
        ctx = self.ctx
        fbo, color, msaa, _ = self._target(size)
        time_s, breath, look = state.time_s, state.breath, state.look
        self.ubo.bind_to_uniform_block(0)
        self.light_block.bind_to_uniform_block(lights.BINDING)
        guard = self.light_guard
        faces = guard.faces_due(time_s)
        if faces:  # once a frame: the guard's probe, then its step with this frame's look
            self._draw_probe(view, faces, time_s, breath, look)
            self._write_block(view, time_s, breath, look, encode_srgb)
            guard.step(time_s)
        else:
            self._write_block(view, time_s, breath, look, encode_srgb)
        draw_fbo = msaa or fbo
        draw_fbo.use()
        draw_fbo.clear(0.0, 0.0, 0.0, 1.0, depth=1.0)
        ctx.enable(ctx.DEPTH_TEST)
        for drawer in self._updating:
            drawer.update(state)
        for call in self._commands.get(draw_fbo) or self._compile(draw_fbo):
            call()
        if msaa is not None:
            ctx.copy_framebuffer(fbo, msaa)
        ctx.disable(ctx.DEPTH_TEST)
        glow = self.bloom.stage(color, size)
        for call in glow.calls:
            call()
        target.use()
        if viewport is not None:
            target.viewport = viewport
        color.use(0)
        glow.a.use(1)
        self.dither.use(2)
        self.light_guard.state.use(3)
        self._post_vao.render(mode=ctx.TRIANGLES, vertices=3)
        self._frame_index += 1

    def _draw_probe(self, view, faces: int, time_s: float, breath: float, look: Look) -> None:
        """Render ``faces`` of the light guard's probe from ``view``'s eye, world-aligned."""
        ctx, guard = self.ctx, self.light_guard
        probe = guard.probe_fbo
        calls = self._commands.get(probe) or self._compile(probe)
        ctx.enable(ctx.DEPTH_TEST)
        for k, face in guard.probe_views(view.pose.position3, faces):
            self._write_block(face, time_s, breath, look, False)
            probe.viewport = guard.face_viewport(k)
            probe.use()
            probe.clear(0.0, 0.0, 0.0, 1.0, depth=1.0, viewport=probe.viewport)
            for call in calls:
                call()
        ctx.disable(ctx.DEPTH_TEST)

    def _compile(self, fbo) -> list:
        """Every drawer's draw calls into ``fbo``, in order, bound once and replayed each frame
        (:meth:`Drawer.commands`); made again after the layers or a program change."""
        calls = []
        for drawer in self.drawers:
            calls += drawer.commands()
        self._commands[fbo] = calls
        return calls

    def forget_commands(self) -> None:
        """Drop the bound draw calls; the next frame binds them again (after a change to the
        layers, and for tools that wrap moderngl's methods, such as the benchmarks' recorder)."""
        self._commands.clear()
        self.bloom.rebind()

    def release(self) -> None:
        self._discard_next()
        for drawer in self.drawers:
            drawer.release()
        self._targets.release()
        self.bloom.release()
        self.dither.release()
        self._post_vao.release()
        self.light_guard.release()
        self.ubo.release()
        self.light_block.release()


_WARM_SIZE = (4, 4)


def _dither_texture(ctx):
    """The blue-noise tile the final pass dithers with, shaped to a triangular spread of one
    output level either way (made once per process)."""
    from vrasmr.render.blue_noise import triangular_dither

    tile = triangular_dither()
    tex = ctx.texture(tile.shape[::-1], 1, tile.tobytes(), dtype="f4")
    tex.filter = (ctx.NEAREST, ctx.NEAREST)
    return tex
