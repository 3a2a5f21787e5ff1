"""The mouse as the head: yaw/pitch from cursor motion, small offsets from keys, recentre.

Pure state with no window code, so the tests can drive it with synthetic cursor positions.
The same pose builds the desktop :class:`~vrasmr.frame.Frame` that feeds both the renderer
and the listener, exactly as the headless backend builds its frames.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from vrasmr.frame import Frame, Pointer, View
from vrasmr.xmath import Fov, Pose, eye_poses, quat_from_yaw_pitch_roll, quat_rotate

PITCH_LIMIT = math.radians(85.0)
CLICK_SLOP_PX = 4.0
OFFSET_LIMIT_M = 0.5


class HeadControl:
    """Head pose from mouse-look (drag or captured cursor) and key nudges."""

    def __init__(self, sensitivity: float = 0.004, step_m: float = 0.05):
        self.sensitivity = sensitivity  # radians per pixel of cursor motion
        self.step_m = step_m
        self.yaw = 0.0  # positive turns left (xmath convention)
        self.pitch = 0.0  # positive looks up
        self.offset = np.zeros(3)
        self.dragging = False
        self.captured = False
        self._last: tuple[float, float] | None = None
        self._buttons: set[str] = set()
        self._press_at: tuple[float, float] | None = None
        self._clicked = False

    @property
    def looking(self) -> bool:
        return self.dragging or self.captured

    def cursor(self, x: float, y: float) -> None:
        """Cursor moved to window coordinates (x right, y down): turn while looking."""
        if self._last is not None and self.looking:
            dx, dy = x - self._last[0], y - self._last[1]
            self.turn(-dx * self.sensitivity, -dy * self.sensitivity)
        self._last = (x, y)

    def turn(self, d_yaw: float, d_pitch: float) -> None:
        self.yaw = math.remainder(self.yaw + d_yaw, 2.0 * math.pi)
        self.pitch = min(max(self.pitch + d_pitch, -PITCH_LIMIT), PITCH_LIMIT)

    def press(self, down: bool) -> None:
        """The look button (left mouse) went down or up; a press that barely moved is a
        click, which selects what the mouse points at (the menu)."""
        self.dragging = down
        if down:
            self._press_at = self._last
        elif self._press_at is not None and self._last is not None:
            moved = math.dist(self._press_at, self._last)
            self._clicked = moved <= CLICK_SLOP_PX
            self._press_at = None

    def request(self, button: str) -> None:
        """A button for the App this frame (e.g. "menu")."""
        self._buttons.add(button)

    def take_click(self) -> bool:
        clicked, self._clicked = self._clicked, False
        return clicked

    @property
    def cursor_px(self) -> tuple[float, float] | None:
        return self._last

    def set_captured(self, on: bool) -> None:
        self.captured = on
        self._last = None  # the cursor jumps when capture changes; do not turn on it

    def nudge(self, right: float = 0.0, up: float = 0.0, back: float = 0.0) -> None:
        """Move the head by whole key steps, relative to where it faces (yaw only)."""
        local = np.array([right, up, back], dtype=float) * self.step_m
        moved = self.offset + quat_rotate(quat_from_yaw_pitch_roll(self.yaw), local)
        self.offset = np.clip(moved, -OFFSET_LIMIT_M, OFFSET_LIMIT_M)

    def recenter(self) -> None:
        self.yaw = self.pitch = 0.0
        self.offset = np.zeros(3)
        self._buttons.add("recenter")

    def pose(self) -> Pose:
        return Pose.make(self.offset, quat_from_yaw_pitch_roll(self.yaw, self.pitch))

    def take_buttons(self) -> frozenset[str]:
        """Buttons pressed since the last frame (each reported once)."""
        out = frozenset(self._buttons)
        self._buttons.clear()
        return out


@dataclass(frozen=True)
class ViewSlot:
    """Where one view goes in the window: its view, pixel size and viewport."""

    view: View
    size: tuple[int, int]
    viewport: tuple[int, int, int, int]


def layout(
    head: Pose, fb_size, *, stereo: bool, fov_deg: float = 90.0, ipd: float = 0.063
) -> tuple[ViewSlot, ...]:
    """Mono: the head itself fills the window. Stereo: the eyes side by side, left first."""
    boxes = _boxes(fb_size, 2 if stereo else 1)
    (w, h), _ = boxes[0]
    fov = Fov.symmetric(fov_deg, w / h)
    poses = eye_poses(head, ipd) if stereo else (head,)
    return tuple(ViewSlot(View(pose, fov), *box) for pose, box in zip(poses, boxes, strict=True))


def fit_slots(slots: tuple[ViewSlot, ...], size) -> tuple[ViewSlot, ...]:
    """The same views laid out in a framebuffer of ``size`` (a scaled render target); the
    projections stay those of the window, so the upscaled picture is not stretched."""
    boxes = _boxes(size, len(slots))
    return tuple(ViewSlot(slot.view, *box) for slot, box in zip(slots, boxes, strict=True))


def _boxes(fb_size, count: int) -> list[tuple[tuple[int, int], tuple[int, int, int, int]]]:
    """(size, viewport) of ``count`` views side by side, left first, filling ``fb_size``."""
    w, h = max(int(fb_size[0]), 1), max(int(fb_size[1]), 1)
    vw = max(w // count, 1)
    return [((vw, h), (i * vw, 0, vw, h)) for i in range(count)]


def mouse_ray(slots: tuple[ViewSlot, ...], cursor_px, fb_scale: float = 1.0):
    """The world ray through the cursor (window pixels, y down), or None when outside."""
    if cursor_px is None:
        return None
    x, y = cursor_px[0] * fb_scale, cursor_px[1] * fb_scale
    for slot in slots:
        vx, vy, vw, vh = slot.viewport
        top = slot.size[1] - (vy + vh)  # viewports count from the bottom
        if vx <= x < vx + vw and top <= y < top + vh:
            u = (x - vx) / vw  # 0..1 left to right
            v = (y - top) / vh  # 0..1 top to bottom
            fov = slot.view.fov
            tl, tr = math.tan(fov.angle_left), math.tan(fov.angle_right)
            tu, td = math.tan(fov.angle_up), math.tan(fov.angle_down)
            local = np.array([tl + u * (tr - tl), tu + v * (td - tu), -1.0])
            pose = slot.view.pose
            direction = pose.transform_vector(local / np.linalg.norm(local))
            return pose.position, direction
    return None


def make_frame(
    t: float,
    head: Pose,
    slots: tuple[ViewSlot, ...],
    buttons: frozenset[str] = frozenset(),
    visible: bool = True,
    mouse=None,
    click: bool = False,
) -> Frame:
    """The Frame the App steps on, built like the headless backend's (gaze pointer), plus
    the mouse ray when the cursor is over the picture (``mouse`` from :func:`mouse_ray`)."""
    pointers = [Pointer("gaze", head.position, head.forward)]
    if mouse is not None:
        pointers.append(Pointer("mouse", mouse[0], mouse[1], select=click))
    return Frame(
        time_s=t,
        head=head,
        views=tuple(s.view for s in slots),
        pointers=tuple(pointers),
        buttons=buttons,
        visible=visible,
    )
