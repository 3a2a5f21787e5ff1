"""The menu model: summoning, fading, lazy placement, pointers, dwell and commands.

Pure and driven by frame time: :meth:`Menu.step` takes the head pose, the frame's pointers
and buttons and returns commands for the App. Nothing here touches GL or sound.

Input: a controller ray or the mouse hovers and selects with its button; the gaze selects
by dwelling :data:`~vrasmr.ui.dwell.DWELL_S` on a target (only while no hand ray is on the
panel). Hands-free summoning: look at the soft marker low in front for :data:`SUMMON_S`.
Actions that change the room (bed mode, recentre) ask twice; volume moves in small steps.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

from vrasmr.ui import commands as cmd
from vrasmr.ui.dwell import DWELL_S, Dwell
from vrasmr.ui.hint import HINT_DROP_DEG
from vrasmr.ui.layout import (
    CARDS_PER_PAGE,
    CHOICE_ROWS,
    CHOICES_PER_ROW,
    Item,
    MenuValues,
    SceneCard,
    layout,
)
from vrasmr.ui.panel import PANEL_DISTANCE_M, PanelPlace
from vrasmr.xmath import unit3

FADE_S = 0.6  # panel fade in/out
IDLE_HIDE_S = 25.0  # hide after this long with nothing pointed at
SUMMON_S = 2.0  # looking at the marker this long summons the menu
MARKER_DROP_DEG = 30.0  # the marker sits this far below the resting gaze
MARKER_CONE_DEG = 6.0
MARKER_DISTANCE_M = 1.3
REST_TIME_S = 8.0  # the resting gaze follows the head this slowly
CONFIRM_S = 6.0  # a second activation within this long confirms
_MARKER_CONE_COS = math.cos(math.radians(MARKER_CONE_DEG))


class Hover(NamedTuple):
    """What a pointer is on: its name, the panel point and the item (or None)."""

    pointer: str
    x: float
    y: float
    item: Item | None


class Menu:
    """State of the in-world menu; the App owns one and calls :meth:`step` every frame."""

    def __init__(
        self,
        cards: list[SceneCard] | None = None,
        values: MenuValues | None = None,
        *,
        dwell_s: float = DWELL_S,
        distance: float = PANEL_DISTANCE_M,
    ):
        self.cards = cards or ()
        self.values = values or MenuValues()
        self.distance = distance
        self.dwell = Dwell(dwell_s)
        self.visible = False
        self.opacity = 0.0
        self.place: PanelPlace | None = None
        self.hover: Hover | None = None
        self.page = 0
        self.view = "main"  # or "choose": tonight's choices of the voice program
        self.choice_page = 0
        self.armed: tuple[str, float] | None = None  # (item id, until)
        self.summon_progress = 0.0
        self.steps = 0  # how many times step() ran (the drawer writes its block once per step)
        self._rest: tuple[float, float, float] | None = None
        self._marker_at: tuple[float, float, float] | None = None
        self._summon_since: float | None = None
        self._want: tuple[float, float, float] | None = None
        self._last_t: float | None = None
        self._last_active = 0.0
        self._buttons: frozenset[str] = frozenset()
        self._layout_key = None
        self._layout = ([], [])
        self._targets: list[tuple] = []  # (x0, y0, x1, y1, item) of the layout's items
        self.hint = None  # a FirstNightHint until the menu has been opened once (ui/hint.py)

    # ---- layout ---------------------------------------------------------------------
    @property
    def cards(self) -> tuple[SceneCard, ...]:
        return self._cards

    @cards.setter
    def cards(self, cards) -> None:
        self._cards = tuple(cards)
        self._card_ids = tuple(c.scene_id for c in self._cards)
        self._thumbs = tuple(c.thumbnail is not None for c in self._cards)

    def layout(self):
        """``(items, labels)`` as shown now (cached until the content changes)."""
        armed = self.armed[0] if self.armed else None
        key = (
            self.values,
            self.page,
            armed,
            self._card_ids,
            self.view,
            self.choice_page,
            self._thumbs,
        )
        if key != self._layout_key:
            items, labels = layout(self.values, self.cards, self.page, self.view, self.choice_page)
            if armed:
                items = [
                    replace(i, label="Again to confirm") if i.id == armed else i for i in items
                ]
            self._layout_key, self._layout = key, (items, labels)
            self._targets = [(*i.rect, i) for i in items]
        return self._layout

    @property
    def items(self) -> list[Item]:
        return self.layout()[0]

    def content_key(self):
        """Changes exactly when the panel's picture must be repainted."""
        self.layout()
        return (self._layout_key, self._thumbs)

    def item_at(self, x: float, y: float) -> Item | None:
        self.layout()
        for x0, y0, x1, y1, item in self._targets:  # (Item.contains, inlined: every frame)
            if x0 <= x <= x1 and y0 <= y <= y1:
                return item
        return None

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    # ---- showing --------------------------------------------------------------------
    def show(self, head, time_s: float) -> None:
        if self.hint is not None:
            self.hint.dismiss()  # opened once: the hint has done its job
        self.place = PanelPlace.in_front(head, self.distance)
        self.visible = True
        self._want = None
        self._last_active = time_s
        self.dwell.reset()

    def hide(self) -> None:
        self.visible = False
        self.view, self.choice_page = "main", 0
        self.hover = None
        self.armed = None
        self.dwell.reset()

    @property
    def drawn(self) -> bool:
        """Whether the panel needs drawing at all (fully hidden: no)."""
        return self.place is not None and self.opacity > 0.0

    # ---- per frame ------------------------------------------------------------------
    def step(self, time_s: float, head, pointers=(), buttons=frozenset()) -> list[cmd.Command]:
        """Advance to ``time_s``; returns the commands chosen this frame."""
        dt = 0.0 if self._last_t is None else max(time_s - self._last_t, 0.0)
        self._last_t = time_s
        self.steps += 1
        out: list[cmd.Command] = []
        if buttons != self._buttons:  # (most frames: the same empty set)
            buttons = frozenset(buttons)
            pressed, self._buttons = buttons - self._buttons, buttons
            if "menu" in pressed:
                self.hide() if self.visible else self.show(head, time_s)
        if self.armed and time_s > self.armed[1]:
            self.armed = None
        if self.visible:
            self._want = self.place.follow(head, dt, want=self._want)
            out = self._point(time_s, pointers)
            if self.hover is not None:
                self._last_active = time_s
            if time_s - self._last_active > IDLE_HIDE_S:
                self.hide()
        else:
            gaze = next((p for p in pointers if p.name == "gaze"), None)
            self._watch_marker(time_s, head, gaze, dt)
        if self.hint is not None:
            self.hint.step(time_s, dt, self.visible)
            if self.hint.done:
                self.hint = None
        rate = dt / FADE_S
        self.opacity = (
            min(1.0, self.opacity + rate) if self.visible else max(0.0, self.opacity - rate)
        )
        return out

    def _point(self, time_s: float, pointers) -> list:
        hands = []
        gaze = None
        for p in pointers:
            hit = self.place.hit(p.origin, p.direction)
            if hit is None:
                continue
            h = Hover(p.name, hit[0], hit[1], self.item_at(*hit))
            if p.name == "gaze":
                gaze = h
            else:
                hands.append((h, p.select))
        if hands:  # a hand ray on the panel wins; the gaze does nothing meanwhile
            self.hover, select = hands[0]
            self.dwell.reset()
            if select and self.hover.item is not None:
                return self._activate(self.hover.item, time_s)
            return []
        self.hover = gaze
        item = gaze.item if gaze is not None else None
        fired = self.dwell.update(item.id if item is not None else None, time_s)
        if fired is not None and item is not None:
            return self._activate(item, time_s)
        return []

    def _activate(self, item: Item, time_s: float) -> list:
        self._last_active = time_s
        command = item.command
        if isinstance(command, tuple) and command[0] == "page":
            pages = max(1, -(-len(self.cards) // CARDS_PER_PAGE))
            self.page = (self.page + command[1]) % pages
            return []
        if isinstance(command, tuple) and command[0] == "view":
            self.view, self.choice_page = command[1], 0
            return []
        if isinstance(command, tuple) and command[0] == "choice-page":
            voice = self.values.voice
            per_page = CHOICES_PER_ROW * CHOICE_ROWS
            pages = max(1, -(-len(voice.choices) // per_page)) if voice is not None else 1
            self.choice_page = (self.choice_page + command[1]) % pages
            return []
        if item.confirm and (self.armed is None or self.armed[0] != item.id):
            self.armed = (item.id, time_s + CONFIRM_S)
            return []
        self.armed = None
        if isinstance(command, cmd.ChooseScript):
            self.view = "main"
        if isinstance(command, cmd.SwitchScene):
            if command.scene_id == self.values.scene_id:
                return []
            self.hide()  # let the new scene be seen
        return [command] if command is not None else []

    # ---- hands-free summoning -------------------------------------------------------
    def _watch_marker(self, time_s: float, head, gaze, dt: float) -> None:
        # Plain floats: this runs every frame the menu is closed.
        fwd = head.forward3
        if self._rest is None:
            rest = fwd
        else:
            k = 1.0 - math.exp(-dt / REST_TIME_S)
            rest = unit3([r + (f - r) * k for r, f in zip(self._rest, fwd, strict=True)])
        self._rest = rest
        mdir = _below3(rest, head.up3, MARKER_DROP_DEG)
        px, py, pz = head.position3
        d = MARKER_DISTANCE_M
        self._marker_at = (px + mdir[0] * d, py + mdir[1] * d, pz + mdir[2] * d)
        if self.hint is not None:  # between the resting gaze and the marker
            self.hint.place((px, py, pz), _below3(rest, head.up3, HINT_DROP_DEG), head.up3)
        lx, ly, lz = unit3(gaze.direction) if gaze is not None else fwd
        cos = lx * mdir[0] + ly * mdir[1] + lz * mdir[2]
        if cos >= _MARKER_CONE_COS:
            if self._summon_since is None:
                self._summon_since = time_s
            self.summon_progress = min(1.0, (time_s - self._summon_since) / SUMMON_S)
            if time_s - self._summon_since >= SUMMON_S - 1e-6:
                self._summon_since, self.summon_progress = None, 0.0
                self.show(head, time_s)
        else:
            self._summon_since, self.summon_progress = None, 0.0

    @property
    def marker_position(self) -> tuple[float, float, float] | None:
        """Where the summoning marker hangs (world), or None before the first frame."""
        return self._marker_at

    @property
    def reticle(self) -> tuple[float, float, float] | None:
        """(x, y, ring progress) of the gaze on the panel, when the gaze is the pointer."""
        h = self.hover
        if h is None or h.pointer != "gaze":
            return None
        return h.x, h.y, self.dwell.progress


def _below3(direction, up, degrees: float) -> tuple[float, float, float]:
    """``direction`` tipped ``degrees`` towards -up (about the sideways axis); unit floats."""
    dx, dy, dz = direction
    ux, uy, uz = up
    sx, sy, sz = dy * uz - dz * uy, dz * ux - dx * uz, dx * uy - dy * ux  # side = d × up
    if math.sqrt(sx * sx + sy * sy + sz * sz) < 1e-6:
        return dx, dy, dz
    # down = -(side × d), normalised
    wx, wy, wz = unit3((sy * dz - sz * dy, sz * dx - sx * dz, sx * dy - sy * dx))
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return unit3((dx * c - wx * s, dy * c - wy * s, dz * c - wz * s))
