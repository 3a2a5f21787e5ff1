"""Instance, system, hidden GL window and session creation. Imports ``xr`` (GLX): load lazily."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import glfw
import moderngl
import xr

from .glx import current_glx_handles
from .probe import NoRuntimeError, no_runtime_message

OPENGL = xr.KHR_OPENGL_ENABLE_EXTENSION_NAME
OPTIONAL_EXTENSIONS = (
    xr.EXT_USER_PRESENCE_EXTENSION_NAME,
    "XR_KHR_convert_timespec_time",
)


@dataclass
class XrSystem:
    """What lives as long as the instance: instance, system, GL window and context."""

    instance: object
    system_id: object
    window: object
    ctx: moderngl.Context
    user_presence: bool


def create_system(*, mirror: bool) -> XrSystem:
    """Instance with XR_KHR_opengl_enable, HMD system, and a (hidden) GL 4.1 window."""
    try:
        offered = {e.extension_name.decode() for e in xr.enumerate_instance_extension_properties()}
    except Exception as exc:  # noqa: BLE001 - the loader found no runtime
        raise NoRuntimeError(no_runtime_message("finding the OpenXR runtime", exc)) from exc
    if OPENGL not in offered:
        raise NoRuntimeError(
            f"the OpenXR runtime offers no {OPENGL} (OpenGL); SteamVR and Monado do. "
            "Or use `vrasmr preview`"
        )
    enabled = enabled_extensions(offered)
    try:
        instance = xr.create_instance(
            xr.InstanceCreateInfo(
                application_info=xr.ApplicationInfo(
                    application_name="vrasmr",
                    application_version=1,
                    engine_name="vrasmr",
                    api_version=xr.Version(1, 0, 0),
                ),
                enabled_extension_names=enabled,
            )
        )
    except Exception as exc:  # noqa: BLE001
        raise NoRuntimeError(no_runtime_message("xrCreateInstance", exc)) from exc
    try:
        system_id = get_hmd(instance)
        xr.get_opengl_graphics_requirements_khr(instance, system_id)  # required before session
        user_presence = _supports_user_presence(instance, system_id, enabled)
        window, ctx = open_gl_window(mirror)
    except BaseException:
        xr.destroy_instance(instance)
        raise
    return XrSystem(instance, system_id, window, ctx, user_presence)


def enabled_extensions(offered) -> list[str]:
    """OpenGL, plus each optional extension (user presence, timespec) the runtime offers."""
    return [OPENGL, *(e for e in OPTIONAL_EXTENSIONS if e in offered)]


def get_hmd(instance) -> object:
    """The head-mounted display system; NoRuntimeError when no headset is connected."""
    try:
        return xr.get_system(
            instance, xr.SystemGetInfo(form_factor=xr.FormFactor.HEAD_MOUNTED_DISPLAY)
        )
    except Exception as exc:  # noqa: BLE001
        raise NoRuntimeError(
            no_runtime_message("xrGetSystem (is the headset on and connected?)", exc)
        ) from exc


def _supports_user_presence(instance, system_id, enabled: list[str]) -> bool:
    if xr.EXT_USER_PRESENCE_EXTENSION_NAME not in enabled:
        return False
    props = xr.SystemUserPresencePropertiesEXT()
    system_props = xr.SystemProperties(next=ctypes.cast(ctypes.pointer(props), ctypes.c_void_p))
    result = xr.raw_functions.xrGetSystemProperties(instance, system_id, ctypes.byref(system_props))
    return int(getattr(result, "value", result)) >= 0 and bool(props.supports_user_presence)


def open_gl_window(mirror: bool):
    """A glfw window (hidden unless mirroring) with a current 4.1 core context, swap interval 0."""
    if not glfw.init():
        raise NoRuntimeError("could not start GLFW (no X display?); headset mode needs X11/GLX")
    glfw.window_hint(glfw.CONTEXT_VERSION_MAJOR, 4)
    glfw.window_hint(glfw.CONTEXT_VERSION_MINOR, 1)
    glfw.window_hint(glfw.OPENGL_PROFILE, glfw.OPENGL_CORE_PROFILE)
    glfw.window_hint(glfw.OPENGL_FORWARD_COMPAT, True)
    glfw.window_hint(glfw.DOUBLEBUFFER, True)
    glfw.window_hint(glfw.VISIBLE, bool(mirror))
    window = glfw.create_window(640, 360, "vrasmr mirror", None, None)
    if not window:
        glfw.terminate()
        raise NoRuntimeError("could not create an OpenGL 4.1 window for the headset")
    glfw.make_context_current(window)
    glfw.swap_interval(0)  # the runtime paces frames, not the mirror window
    return window, moderngl.create_context()


def glx_binding() -> object:
    """XrGraphicsBindingOpenGLXlibKHR filled from the current context, fbconfig and visual too."""
    h = current_glx_handles()
    binding = xr.GraphicsBindingOpenGLXlibKHR()
    types = dict(binding._fields_)
    binding.x_display = ctypes.cast(ctypes.c_void_p(h.display), types["x_display"])
    binding.visualid = h.visualid
    binding.glx_fbconfig = ctypes.cast(ctypes.c_void_p(h.fbconfig), types["glx_fbconfig"])
    binding.glx_drawable = h.drawable
    binding.glx_context = ctypes.cast(ctypes.c_void_p(h.context), types["glx_context"])
    return binding


def create_session(system: XrSystem) -> object:
    """An XrSession bound to the GL context current on this thread."""
    binding = glx_binding()
    info = xr.SessionCreateInfo(
        system_id=system.system_id, next=ctypes.cast(ctypes.pointer(binding), ctypes.c_void_p)
    )
    session = xr.create_session(system.instance, info)
    session._vrasmr_binding = binding  # keep the struct alive with the session
    return session


def create_spaces(session, reference: str) -> tuple[object, object]:
    """The app (LOCAL or STAGE) space and the VIEW space, both at identity."""
    kind = xr.ReferenceSpaceType.STAGE if reference == "stage" else xr.ReferenceSpaceType.LOCAL
    app = xr.create_reference_space(session, xr.ReferenceSpaceCreateInfo(reference_space_type=kind))
    view = xr.create_reference_space(
        session, xr.ReferenceSpaceCreateInfo(reference_space_type=xr.ReferenceSpaceType.VIEW)
    )
    return app, view
