"""The first night's hint: how to open the menu, shown softly until it has been opened once.

A dim line of text hangs just below the resting gaze (between it and the summoning marker),
facing the head. It fades in slowly a few seconds into the session, fades out when the menu
opens for the first time, and is never shown again: the App keeps that in the journal
(``menu_opened``). Pure and driven by the menu's step; :class:`~vrasmr.ui.drawer.MenuDrawer`
draws it.
"""

from __future__ import annotations

import math

from vrasmr.xmath import unit3

MENU_OPENED = "menu_opened"  # the journal's milestone: the hint is never shown again
HINT_LINES = (
    "To open the menu, press the menu button,",
    "or look at the dot below until its ring fills.",
)
HINT_DROP_DEG = 14.0  # below the resting gaze (the marker hangs at 30°)
HINT_DISTANCE_M = 1.3
HINT_WIDTH_M = 0.56
HINT_HEIGHT_M = 0.09
HINT_OPACITY = 0.55  # at its brightest: a soft dim line, never a sign
DELAY_S = 4.0  # after the session's first frame (the scene fades in first)
FADE_IN_S = 4.0
FADE_OUT_S = 1.5


class FirstNightHint:
    """Where and how strongly the hint shows; :meth:`dismiss` once the menu opens."""

    def __init__(self) -> None:
        self.opacity = 0.0
        self.dismissed = False
        self.centre: tuple[float, float, float] | None = None
        self.across: tuple[float, float, float] = (1.0, 0.0, 0.0)  # unit, left → right
        self.down: tuple[float, float, float] = (0.0, -1.0, 0.0)  # unit, top → bottom
        self._since: float | None = None

    @property
    def done(self) -> bool:
        """Dismissed and faded out: nothing more to draw, ever."""
        return self.dismissed and self.opacity == 0.0

    def dismiss(self) -> None:
        self.dismissed = True

    def step(self, time_s: float, dt: float, menu_visible: bool) -> None:
        """Fade toward the hint's level (in after :data:`DELAY_S`), or out once dismissed or
        while the menu is up."""
        if self._since is None:
            self._since = time_s
        showing = not self.dismissed and not menu_visible and time_s - self._since >= DELAY_S
        if showing:
            self.opacity = min(HINT_OPACITY, self.opacity + HINT_OPACITY * dt / FADE_IN_S)
        else:
            self.opacity = max(0.0, self.opacity - HINT_OPACITY * dt / FADE_OUT_S)

    def place(self, eye, direction, head_up) -> None:
        """Hang the hint :data:`HINT_DISTANCE_M` from ``eye`` along ``direction`` (unit),
        upright to the head, facing it."""
        dx, dy, dz = direction
        ux, uy, uz = head_up
        across = (dy * uz - dz * uy, dz * ux - dx * uz, dx * uy - dy * ux)  # direction × up
        if math.sqrt(sum(c * c for c in across)) < 1e-6:
            return
        ax, ay, az = self.across = unit3(across)
        self.down = unit3((dy * az - dz * ay, dz * ax - dx * az, dx * ay - dy * ax))
        ex, ey, ez = eye
        d = HINT_DISTANCE_M
        self.centre = (ex + dx * d, ey + dy * d, ez + dz * d)

    def top_left(self) -> tuple[float, float, float]:
        cx, cy, cz = self.centre
        ax, ay, az = self.across
        wx, wy, wz = self.down
        hw, hh = HINT_WIDTH_M / 2, HINT_HEIGHT_M / 2
        return (cx - ax * hw - wx * hh, cy - ay * hw - wy * hh, cz - az * hw - wz * hh)
