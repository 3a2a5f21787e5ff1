"""The frame loop's OpenXR functions, returning plain ``int`` results.

pyopenxr's ``xr.raw_functions`` convert every result into its ``Result`` enum, which costs
more than the call itself on the hot path (about 18 calls a frame). These are second
function pointers into the same loader, with the same argument types and an ``int32``
result: 0 success, > 0 a qualified success, < 0 an error. Imports ``xr``: load lazily.
"""

from __future__ import annotations

import ctypes
from types import SimpleNamespace

import xr

HOT_CALLS = (
    "xrPollEvent",
    "xrWaitFrame",
    "xrBeginFrame",
    "xrLocateViews",
    "xrLocateSpace",
    "xrSyncActions",
    "xrGetActionStateBoolean",
    "xrAcquireSwapchainImage",
    "xrWaitSwapchainImage",
    "xrReleaseSwapchainImage",
    "xrEndFrame",
)


def _int_result(name: str):
    typed = getattr(xr.raw_functions, name)
    fn = xr.raw_functions.openxr_loader_library[name]  # a new pointer, not pyopenxr's
    fn.argtypes = typed.argtypes
    fn.restype = ctypes.c_int32
    return fn


raw = SimpleNamespace(**{name: _int_result(name) for name in HOT_CALLS})
