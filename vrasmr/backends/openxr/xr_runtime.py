"""The pyopenxr side of :class:`~.contracts.XrRuntime`: events, frames, views, layers.

Hot-path calls go through :mod:`.rawcalls` (int results) with structs allocated once per
session, so a frame costs a handful of ctypes calls and no exceptions for qualified successes.
"""

from __future__ import annotations

import ctypes
import logging

import glfw
import xr

from . import rawcalls
from .contracts import (
    DrawEye,
    FrameTiming,
    InstanceLost,
    PresenceChanged,
    RuntimeEvent,
    SpaceChanged,
    StateChanged,
    Tracked,
)
from .converters import (
    float_rows,
    located_pose,
    pose_from_xr,
    pose_is_valid,
    view_from_xr,
)
from .loop import HeadsetOptions
from .states import SessionState
from .xr_input import ControllerInput
from .xr_setup import XrSystem, create_session, create_spaces, create_system
from .xr_swapchains import create_eye_swapchains, set_framebuffer_srgb

log = logging.getLogger(__name__)
STEREO = xr.ViewConfigurationType.PRIMARY_STEREO
ST = xr.StructureType
IMAGE_WAIT_NS = 100_000_000  # per try; TIMEOUT_EXPIRED is retried, never an endless wait
IMAGE_WAIT_TRIES = 20
BOTH_VALID = 0x3  # XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | POSITION_VALID (same for views)


def _code(result) -> int:
    return int(getattr(result, "value", result))


def _check(result) -> int:
    """Raise on an error result; return the code (0 success, >0 a qualified success)."""
    code = result if type(result) is int else _code(result)
    if code < 0:
        raise xr.check_result(xr.Result(code))
    return code


def _posef_layout_ok() -> bool:
    """XrPosef is orientation (4 floats) then position (3), and XrView's fov follows its pose."""
    return (
        xr.Posef.orientation.offset == 0
        and xr.Posef.position.offset == 16
        and ctypes.sizeof(xr.Posef) == 28
        and xr.View.fov.offset == xr.View.pose.offset + 28
        and xr.Fovf.angle_left.offset == 0
        and xr.Fovf.angle_down.offset == 12
    )


def decode_event(buf, app_space_type: int) -> RuntimeEvent | None:
    """The plain event in a filled ``XrEventDataBuffer``; None for kinds the loop ignores
    (and for recentres of spaces other than the app's, e.g. VIEW)."""
    kind = int(buf._type)
    if kind == ST.EVENT_DATA_SESSION_STATE_CHANGED.value:
        ev = _as(buf, xr.EventDataSessionStateChanged)
        return StateChanged(SessionState(_code(ev.state)))
    if kind == ST.EVENT_DATA_USER_PRESENCE_CHANGED_EXT.value:
        return PresenceChanged(bool(_as(buf, xr.EventDataUserPresenceChangedEXT).is_user_present))
    if kind == ST.EVENT_DATA_INSTANCE_LOSS_PENDING.value:
        return InstanceLost()
    if kind == ST.EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING.value:
        ev = _as(buf, xr.EventDataReferenceSpaceChangePending)
        if _code(ev.reference_space_type) != app_space_type:
            return None
        previous = pose_from_xr(ev.pose_in_previous_space) if ev.pose_valid else None
        return SpaceChanged(int(ev.change_time), previous)
    return None


def _as(buf, struct):
    return ctypes.cast(ctypes.byref(buf), ctypes.POINTER(struct)).contents


def open_runtime(options: HeadsetOptions, *, mirror: bool) -> XrSessionRuntime:
    """Connect to the runtime and create the first session (NoRuntimeError when there is none)."""
    return XrSessionRuntime(create_system(mirror=mirror), options, mirror)


class XrSessionRuntime:
    """Owns the instance-lifetime objects and (re)creates the session-lifetime ones."""

    def __init__(self, system: XrSystem, options: HeadsetOptions, mirror: bool) -> None:
        self.system, self.options, self.mirror = system, options, mirror
        self.ctx = system.ctx
        self.user_presence = system.user_presence  # XR_EXT_user_presence and it senses it
        self.input = ControllerInput(system.instance)
        self.event_buffer = xr.EventDataBuffer()
        self.session = None
        self.create_session()

    # -- session lifetime ---------------------------------------------------------------
    def create_session(self) -> None:
        """Session, spaces, swapchains, framebuffers and the per-frame structs."""
        self.session = create_session(self.system)
        self.app_space, self.view_space = create_spaces(self.session, self.options.reference_space)
        self.app_space_type = _code(
            xr.ReferenceSpaceType.STAGE
            if self.options.reference_space == "stage"
            else xr.ReferenceSpaceType.LOCAL
        )
        self.input.attach(self.session)
        configs = xr.enumerate_view_configuration_views(
            self.system.instance, self.system.system_id, STEREO
        )
        self.eyes, self.color = create_eye_swapchains(
            self.session, self.ctx, configs, self.options.srgb_override
        )
        n = len(self.eyes)
        log.info(
            "OpenXR swapchains: %d x %s, GL format 0x%x (GL sRGB encoding %s)",
            n,
            "x".join(map(str, self.eyes[0].size)) if n else "-",
            self.color.gl_format,
            "on" if self.color.srgb else "off",
        )
        self.wait_info = xr.FrameWaitInfo()
        self.frame_state = xr.FrameState()
        self.begin_info = xr.FrameBeginInfo()
        self.locate_info = xr.ViewLocateInfo(view_configuration_type=STEREO, space=self.app_space)
        self.view_state = xr.ViewState()
        self.views = (xr.View * n)(*[xr.View() for _ in range(n)])
        self.view_count = ctypes.c_uint32(0)
        self.head_location = xr.SpaceLocation()
        self.head_array = (xr.SpaceLocation * 1)(self.head_location)
        self.head_location = self.head_array[0]  # shares the array's memory
        self.view_floats = self.head_row = None
        if _posef_layout_ok():  # read located poses as float rows (see float_rows)
            self.view_floats = float_rows(self.views, xr.View.pose.offset, 11)
            self.head_row = float_rows(self.head_array, xr.SpaceLocation.pose.offset, 7)[0]
        self.image_index = ctypes.c_uint32(0)
        self.image_wait = xr.SwapchainImageWaitInfo(timeout=IMAGE_WAIT_NS)
        self.projection_views = (xr.CompositionLayerProjectionView * n)(
            *[xr.CompositionLayerProjectionView() for _ in range(n)]
        )
        for i, eye in enumerate(self.eyes):
            pv = self.projection_views[i]
            pv.sub_image.swapchain = eye.handle
            pv.sub_image.image_rect.extent.width, pv.sub_image.image_rect.extent.height = eye.size
        self.layer = xr.CompositionLayerProjection(
            space=self.app_space, views=self.projection_views
        )
        self.layer_ptrs = (ctypes.POINTER(xr.CompositionLayerBaseHeader) * 1)(
            ctypes.cast(ctypes.pointer(self.layer), ctypes.POINTER(xr.CompositionLayerBaseHeader))
        )
        self.end_with_layer = xr.FrameEndInfo(
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE, layers=self.layer_ptrs
        )
        self.end_without_layer = xr.FrameEndInfo(
            environment_blend_mode=xr.EnvironmentBlendMode.OPAQUE
        )
        self._hot_arguments()

    def _hot_arguments(self) -> None:
        """The frame loop's call arguments, made once per session."""
        byref = ctypes.byref
        self._wait_args = (self.session, byref(self.wait_info), byref(self.frame_state))
        self._begin_args = (self.session, byref(self.begin_info))
        self._locate_views_args = (
            self.session,
            byref(self.locate_info),
            byref(self.view_state),
            len(self.eyes),
            byref(self.view_count),
            self.views,
        )
        self._head_ref = byref(self.head_location)
        self._end_refs = {True: byref(self.end_with_layer), False: byref(self.end_without_layer)}

    def destroy_session(self) -> None:
        """Free the session and what hangs off it (swapchains, spaces)."""
        if self.session is None:
            return
        for eye in self.eyes:
            for fbo in eye.framebuffers:
                fbo.release()
            xr.destroy_swapchain(eye.handle)
        self.input.detach()
        xr.destroy_session(self.session)
        self.session = None

    def begin_session(self) -> None:
        xr.begin_session(self.session, xr.SessionBeginInfo(STEREO))

    def end_session(self) -> None:
        xr.end_session(self.session)

    def request_exit(self) -> None:
        xr.request_exit_session(self.session)

    def close(self) -> None:
        """Destroy the session and instance, close the window; safe to call once at the end."""
        try:
            self.destroy_session()
        finally:
            xr.destroy_instance(self.system.instance)
            glfw.destroy_window(self.system.window)
            glfw.terminate()

    # -- events ---------------------------------------------------------------------------
    def poll_events(self) -> list[RuntimeEvent]:
        """Drain xrPollEvent into plain events (EVENT_UNAVAILABLE ends the drain)."""
        events: list[RuntimeEvent] = []
        buf = self.event_buffer
        while True:
            buf._type = ST.EVENT_DATA_BUFFER.value
            if _check(rawcalls.raw.xrPollEvent(self.system.instance, ctypes.byref(buf))) != 0:
                return events
            if int(buf._type) == ST.EVENT_DATA_INTERACTION_PROFILE_CHANGED.value:
                if self.input.session is not None:
                    self.input.refresh_profiles()  # a controller was picked up or put down
                continue
            event = decode_event(buf, self.app_space_type)
            if event is not None:
                events.append(event)

    # -- frames ---------------------------------------------------------------------------
    # The hot calls below pass argument tuples and byref()s made once per session
    # (_hot_arguments): after xrWaitFrame wakes the thread, every Python step runs on cold
    # caches, so the frame path does as few as it can.
    def wait_frame(self) -> FrameTiming:
        _check(rawcalls.raw.xrWaitFrame(*self._wait_args))
        fs = self.frame_state
        period = fs.predicted_display_period or 11_111_111
        return FrameTiming(bool(fs.should_render), fs.predicted_display_time, period)

    def begin_frame(self) -> None:
        _check(rawcalls.raw.xrBeginFrame(*self._begin_args))

    def locate(self, display_time_ns: int) -> Tracked | None:
        """Views and head (VIEW space in the app space) at the display time; None if untracked."""
        raw = rawcalls.raw
        self.locate_info.display_time = display_time_ns
        _check(raw.xrLocateViews(*self._locate_views_args))
        _check(raw.xrLocateSpace(self.view_space, self.app_space, display_time_ns, self._head_ref))
        if self.view_floats is not None:
            # the raw fields: pyopenxr's location_flags/view_state_flags build an enum Flag
            valid = self.head_location._location_flags & self.view_state._view_state_flags
            if valid & BOTH_VALID != BOTH_VALID:
                return None
            # the loop maps these floats into the world itself: no tracking-space poses
            rows = self.view_floats.tolist()
            return self.input.read(
                self.app_space, display_time_ns, None, (), rows, self.head_row.tolist()
            )
        n = len(self.eyes)
        head = located_pose(self.head_location)
        if head is None or not pose_is_valid(self.view_state.view_state_flags):
            return None
        views = tuple(view_from_xr(self.views[i]) for i in range(n))
        return self.input.read(self.app_space, display_time_ns, head, views)

    def render(self, views, draw: DrawEye) -> None:
        """Draw each eye into its acquired swapchain image and fill the projection layer."""
        raw = rawcalls.raw
        set_framebuffer_srgb(self.color.srgb)
        for i, eye in enumerate(self.eyes):
            _check(raw.xrAcquireSwapchainImage(eye.handle, None, ctypes.byref(self.image_index)))
            self._wait_image(eye.handle)
            fbo = eye.framebuffers[self.image_index.value]
            fbo.use()
            try:
                draw(i, views[i], fbo, eye.size, self.color.shader_encodes_srgb)
                if self.mirror and i == self.options.mirror_eye:
                    self.ctx.copy_framebuffer(self.ctx.screen, fbo)  # before the release
            finally:
                _check(raw.xrReleaseSwapchainImage(eye.handle, None))
            pv = self.projection_views[i]
            pv.pose = self.views[i].pose
            pv.fov = self.views[i].fov
        set_framebuffer_srgb(False)
        if self.mirror:
            self._present_mirror()

    def _wait_image(self, handle) -> None:
        for _ in range(IMAGE_WAIT_TRIES):
            if (
                _check(rawcalls.raw.xrWaitSwapchainImage(handle, ctypes.byref(self.image_wait)))
                == 0
            ):
                return
        raise TimeoutError("the runtime never released a swapchain image")

    def end_frame(self, display_time_ns: int, with_layers: bool) -> None:
        info = self.end_with_layer if with_layers else self.end_without_layer
        info.display_time = display_time_ns
        _check(rawcalls.raw.xrEndFrame(self.session, self._end_refs[with_layers]))

    def _present_mirror(self) -> None:
        """Show the eye copied into the mirror window (swap interval 0: never waits)."""
        glfw.swap_buffers(self.system.window)
        glfw.poll_events()
