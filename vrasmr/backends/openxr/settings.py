"""Headset-mode settings (plain dataclass; the CLI or the user config fills it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .loop import LoopOptions


@dataclass(frozen=True)
class HeadsetOptions:
    """How the OpenXR session is set up."""

    reference_space: str = "local"  # "local" (default, lying down friendly) or "stage"
    srgb_override: bool | None = None  # correct runtimes that disagree about sRGB swapchains
    near: float = 0.05
    far: float = 100.0
    mirror_eye: int = 0  # which eye the mirror window shows
    loop: LoopOptions = field(default_factory=LoopOptions)
