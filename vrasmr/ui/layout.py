"""Where every target sits on the panel, in metres from its top-left corner (y down).

The layout is a pure function of what the menu shows (:class:`MenuValues` and the scene
cards), so the painter, the hit test and the tests all read the same rectangles. Targets
are large and at least :data:`MIN_GAP_M` apart, so a drifting gaze never slides from one
dwell target onto its neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vrasmr.sleep.timer import ALL_NIGHT, TIMER_CHOICES
from vrasmr.ui import commands as cmd

PANEL_W_M = 1.2
PANEL_H_M = 0.98
MIN_GAP_M = 0.05  # about 2 degrees at the panel's distance
CARDS_PER_PAGE = 4
VOLUME_STEP = 0.05
BRIGHTNESS_STEP = 0.1
BRIGHTNESS_RANGE = (0.3, 1.5)

# Kinds of sound a person may want to switch off: label → trigger kinds it covers.
TRIGGER_SWITCHES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mouth sounds", ("mouth",)),
    ("Tapping", ("tapping",)),
    ("Scratching", ("scratching",)),
    ("Crinkling", ("crinkling", "paper")),
    ("Voices", ("whispers", "voice")),
    ("Breathing", ("breathing", "heartbeat")),
)
MOODS = ("Restless", "Uneasy", "Okay", "Calm", "Sleepy")  # check-in values 1..5

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in metres


@dataclass(frozen=True)
class SceneCard:
    """One scene as the menu shows it; ``thumbnail`` is a PIL image or None (placeholder)."""

    scene_id: str
    title: str
    techniques: tuple[str, ...] = ()
    failed_check: bool = False
    thumbnail: object = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class MenuValues:
    """The settings the panel shows; the App refreshes these every step."""

    scene_id: str = ""
    timer: int | str | None = None
    volume: float = 0.8
    brightness: float = 1.0
    bed_mode: bool = False
    switched_off: frozenset[str] = frozenset()
    mood: int | None = None
    check_in: bool = True


@dataclass(frozen=True)
class Item:
    """A target on the panel. ``command`` runs on activation; ``confirm`` asks twice."""

    id: str
    rect: Rect
    label: str
    kind: str  # "card" | "chip" | "button" | "arrow"
    command: object = None
    selected: bool = False
    confirm: bool = False
    card: SceneCard | None = None

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.rect
        return x0 <= x <= x1 and y0 <= y <= y1


@dataclass(frozen=True)
class Label:
    """Text that is not a target (section headings, values)."""

    text: str
    x: float
    y: float


def timer_text(choice) -> str:
    if choice is None:
        return "Off"
    if choice == ALL_NIGHT:
        return "All night, low"
    return f"{choice} min"


def _row(n: int, y0: float, y1: float, x0: float = 0.06, x1: float = PANEL_W_M - 0.06):
    w = (x1 - x0 - (n - 1) * MIN_GAP_M) / n
    return [(x0 + i * (w + MIN_GAP_M), y0, x0 + i * (w + MIN_GAP_M) + w, y1) for i in range(n)]


def layout(values: MenuValues, cards: list[SceneCard], page: int = 0):
    """``(items, labels)`` for the panel showing ``values`` and page ``page`` of ``cards``."""
    items: list[Item] = []
    labels: list[Label] = []
    pages = max(1, -(-len(cards) // CARDS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = cards[page * CARDS_PER_PAGE : (page + 1) * CARDS_PER_PAGE]
    head = "Scenes" if pages == 1 else f"Scenes  {page + 1} / {pages}"
    labels.append(Label(head, 0.06, 0.02))
    card_w = (PANEL_W_M - 0.25 - (CARDS_PER_PAGE - 1) * MIN_GAP_M) / CARDS_PER_PAGE
    for i, card in enumerate(shown):
        x0 = 0.125 + i * (card_w + MIN_GAP_M)
        items.append(
            Item(
                f"card:{card.scene_id}",
                (x0, 0.07, x0 + card_w, 0.35),
                card.title,
                "card",
                cmd.SwitchScene(card.scene_id),
                selected=card.scene_id == values.scene_id,
                card=card,
            )
        )
    if pages > 1:
        items.append(Item("page:prev", (0.02, 0.07, 0.075, 0.35), "‹", "arrow", ("page", -1)))
        items.append(Item("page:next", (1.125, 0.07, 1.18, 0.35), "›", "arrow", ("page", 1)))

    labels.append(Label("Sleep timer", 0.06, 0.38))
    for choice, rect in zip(TIMER_CHOICES, _row(len(TIMER_CHOICES), 0.42, 0.50), strict=True):
        items.append(
            Item(
                f"timer:{choice}",
                rect,
                timer_text(choice),
                "chip",
                cmd.SetTimer(choice),
                selected=choice == values.timer,
            )
        )

    labels.append(
        Label(
            f"Volume {round(values.volume * 100)}%    Brightness {round(values.brightness * 100)}%",
            0.06,
            0.53,
        )
    )
    lo, hi = BRIGHTNESS_RANGE
    buttons = (
        ("volume:down", "Quieter", cmd.SetVolume(max(0.0, values.volume - VOLUME_STEP)), False),
        ("volume:up", "Louder", cmd.SetVolume(min(1.0, values.volume + VOLUME_STEP)), False),
        (
            "bright:down",
            "Dimmer",
            cmd.SetBrightness(max(lo, values.brightness - BRIGHTNESS_STEP)),
            False,
        ),
        (
            "bright:up",
            "Brighter",
            cmd.SetBrightness(min(hi, values.brightness + BRIGHTNESS_STEP)),
            False,
        ),
        ("bed", "Bed mode", cmd.SetBedMode(not values.bed_mode), True),
        ("recenter", "Recentre", cmd.Recenter(), True),
    )
    for (item_id, text, command, confirm), rect in zip(
        buttons, _row(len(buttons), 0.57, 0.65), strict=True
    ):
        selected = item_id == "bed" and values.bed_mode
        items.append(Item(item_id, rect, text, "button", command, selected, confirm))

    labels.append(Label("Sounds you would rather not hear", 0.06, 0.68))
    for (text, kinds), rect in zip(
        TRIGGER_SWITCHES, _row(len(TRIGGER_SWITCHES), 0.72, 0.80), strict=True
    ):
        off = set(kinds) <= values.switched_off
        items.append(
            Item(f"trigger:{kinds[0]}", rect, text, "chip", cmd.SetTrigger(kinds, off), off)
        )

    if values.check_in:
        labels.append(Label("How do you feel?", 0.06, 0.83))
        for k, (text, rect) in enumerate(zip(MOODS, _row(len(MOODS), 0.87, 0.95), strict=True)):
            mood = k + 1
            items.append(
                Item(f"mood:{mood}", rect, text, "chip", cmd.CheckIn(mood), mood == values.mood)
            )
    return items, labels
