"""Where every target sits on the panel, in metres from its top-left corner (y down).

The layout is a pure function of what the menu shows (:class:`MenuValues` and the scene
cards), so the painter, the hit test and the tests all read the same rectangles. Targets
are large and at least :data:`MIN_GAP_M` apart, so a drifting gaze never slides from one
dwell target onto its neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from vrasmr.sleep.morning import FALL_ASLEEP, SLEEP_RATINGS, LastNight, fall_asleep_choice
from vrasmr.sleep.preferences import TriggerNote, rank_scenes, why_line
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
FOR_YOU = "For you"

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in metres


@dataclass(frozen=True)
class SceneCard:
    """One scene as the menu shows it; ``thumbnail`` is a PIL image or None (placeholder)."""

    scene_id: str
    title: str
    techniques: tuple[str, ...] = ()
    failed_check: bool = False
    thumbnail: object = field(default=None, compare=False, hash=False)
    triggers: tuple[str, ...] = ()  # trigger kinds it plays (for "for you")
    unchecked: bool = False  # a user's scene never checked (the runtime guards still apply)


@dataclass(frozen=True)
class VoiceValues:
    """The scene's voice program as the menu shows it."""

    on: bool = True
    title: str = ""  # what it says now
    kind: str = ""  # of that script: story, visualization ...
    choices: tuple[tuple[str, str], ...] = ()  # (script id, title) tonight may still hear
    choose_kind: str = ""  # what the choices are: story, visualization ...
    ended: bool = False  # nothing more tonight
    playing: str | None = None  # the script id it says now


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
    last_night: LastNight | None = None  # asks "how did you sleep?" while set
    trigger_draws: tuple[tuple[str, float], ...] = ()  # this launch's draws for "for you"
    trigger_notes: tuple[TriggerNote, ...] = ()  # what the journal says, for the line of why
    ask_after: int | None = None  # the session just ended awake: "how do you feel now?"
    mood_after: int | None = None  # ... and the answer given
    voice: VoiceValues | None = None  # the scene's voice program (None: it has none)


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


@dataclass(frozen=True)
class _Rows:
    """Vertical metrics: where the cards end and how the rows below them are spaced."""

    cards_bottom: float
    first: float  # y of the first row's label
    label: float  # label top to row top
    height: float  # row height
    pitch: float  # label to next label


_ROWS = _Rows(cards_bottom=0.32, first=0.38, label=0.04, height=0.08, pitch=0.15)
# With last night's questions (three rows instead of the mood row): smaller cards, closer rows.
_ROWS_MORNING = _Rows(cards_bottom=0.24, first=0.275, label=0.028, height=0.07, pitch=0.12)
# With the voice row (a scene with a program): one row more, a little closer.
_ROWS_VOICE = _Rows(cards_bottom=0.28, first=0.31, label=0.03, height=0.075, pitch=0.13)
CHOICES_PER_ROW = 3
CHOICE_ROWS = 4
WHY_X = 0.34  # the line of why "for you" sits at the top, right of the heading


def for_you(values: MenuValues, cards: list[SceneCard]) -> str | None:
    """The scene to mark "for you": the best-ranked card by this launch's draws, among cards
    that passed their check and play something not switched off; None without draws."""
    if not values.trigger_draws:
        return None
    scenes = [(c.scene_id, c.triggers) for c in cards if not c.failed_check]
    ranked = rank_scenes(scenes, dict(values.trigger_draws), values.switched_off)
    return ranked[0] if ranked else None


def for_you_why(values: MenuValues, cards: list[SceneCard], best: str | None) -> str:
    """One line of why ``best`` is "for you" (empty without a mark or a journal)."""
    if best is None or not values.trigger_notes:
        return ""
    card = next((c for c in cards if c.scene_id == best), None)
    if card is None:
        return ""
    return why_line(
        card.triggers, dict(values.trigger_draws), values.trigger_notes, values.switched_off
    )


def layout(
    values: MenuValues,
    cards: list[SceneCard],
    page: int = 0,
    view: str = "main",
    choice_page: int = 0,
):
    """``(items, labels)`` for the panel showing ``values`` and page ``page`` of ``cards``;
    ``view`` "choose" shows tonight's choices of the voice program (page ``choice_page``)
    below the cards instead of the rows."""
    items: list[Item] = []
    labels: list[Label] = []
    night = values.last_night
    voice = values.voice if night is None else None  # last night's questions come first
    rows = _ROWS_MORNING if night is not None else _ROWS_VOICE if voice is not None else _ROWS
    pages = max(1, -(-len(cards) // CARDS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = cards[page * CARDS_PER_PAGE : (page + 1) * CARDS_PER_PAGE]
    head = "Scenes" if pages == 1 else f"Scenes  {page + 1} / {pages}"
    labels.append(Label(head, 0.06, 0.02))
    best = for_you(values, cards)
    card_w = (PANEL_W_M - 0.25 - (CARDS_PER_PAGE - 1) * MIN_GAP_M) / CARDS_PER_PAGE
    for i, card in enumerate(shown):
        x0 = 0.125 + i * (card_w + MIN_GAP_M)
        items.append(
            Item(
                f"card:{card.scene_id}",
                (x0, 0.07, x0 + card_w, rows.cards_bottom),
                card.title,
                "card",
                cmd.SwitchScene(card.scene_id),
                selected=card.scene_id == values.scene_id,
                card=card,
            )
        )
        if card.scene_id == best:
            labels.append(Label(FOR_YOU, x0 + 0.01, rows.cards_bottom + 0.005))
    why = for_you_why(values, cards, best)
    if why:
        labels.append(Label(f"{FOR_YOU}, {why}", WHY_X, 0.02))
    if pages > 1:
        bottom = rows.cards_bottom
        items.append(Item("page:prev", (0.02, 0.07, 0.075, bottom), "‹", "arrow", ("page", -1)))
        items.append(Item("page:next", (1.125, 0.07, 1.18, bottom), "›", "arrow", ("page", 1)))

    if view == "choose" and voice is not None and voice.choices:
        _choices(voice, choice_page, rows, items, labels)
        return items, labels

    sections = count()

    def row(title: str, n: int):
        y = rows.first + next(sections) * rows.pitch
        labels.append(Label(title, 0.06, y))
        return _row(n, y + rows.label, y + rows.label + rows.height)

    for choice, rect in zip(TIMER_CHOICES, row("Sleep timer", len(TIMER_CHOICES)), strict=True):
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
    levels = f"Volume {round(values.volume * 100)}%    Brightness {round(values.brightness * 100)}%"
    for (item_id, text, command, confirm), rect in zip(
        buttons, row(levels, len(buttons)), strict=True
    ):
        selected = item_id == "bed" and values.bed_mode
        items.append(Item(item_id, rect, text, "button", command, selected, confirm))

    switches = row("Sounds you would rather not hear", len(TRIGGER_SWITCHES))
    for (text, kinds), rect in zip(TRIGGER_SWITCHES, switches, strict=True):
        off = set(kinds) <= values.switched_off
        items.append(
            Item(f"trigger:{kinds[0]}", rect, text, "chip", cmd.SetTrigger(kinds, off), off)
        )

    if voice is not None:
        items += _voice_row(voice, row)

    if night is not None:
        items += _last_night(night, row)
    elif values.ask_after is not None:
        sid = values.ask_after
        for k, (text, rect) in enumerate(
            zip(MOODS, row("The timer has ended. How do you feel now?", len(MOODS)), strict=True)
        ):
            mood = k + 1
            command = cmd.MoodAfter(sid, mood)
            items.append(
                Item(f"after:{mood}", rect, text, "chip", command, mood == values.mood_after)
            )
    elif values.check_in:
        for k, (text, rect) in enumerate(
            zip(MOODS, row("How do you feel?", len(MOODS)), strict=True)
        ):
            mood = k + 1
            items.append(
                Item(f"mood:{mood}", rect, text, "chip", cmd.CheckIn(mood), mood == values.mood)
            )
    return items, labels


def _last_night(night: LastNight, row) -> list[Item]:
    """Three rows about last night: a rating 1-5, minutes to fall asleep and Done/Skip, and
    the mood this morning (the mood after, when the night ended asleep).

    Chips only record (and can change) an answer; "Skip" closes unanswered, so it asks twice.
    """
    sid = night.session_id
    items = [
        Item(
            f"night:{k + 1}",
            rect,
            text,
            "chip",
            cmd.SleepAnswer(sid, rating=k + 1),
            night.rating == k + 1,
        )
        for k, (text, rect) in enumerate(
            zip(SLEEP_RATINGS, row("Last night: how did you sleep?", 5), strict=True)
        )
    ]
    second = row("How long did it take to fall asleep?", len(FALL_ASLEEP) + 1)
    for k, ((text, minutes), rect) in enumerate(zip(FALL_ASLEEP, second, strict=False)):
        selected = night.minutes is not None and fall_asleep_choice(night.minutes) == k
        items.append(
            Item(f"asleep:{k}", rect, text, "chip", cmd.SleepAnswer(sid, minutes=minutes), selected)
        )
    third = row("And how do you feel this morning?", len(MOODS))
    for k, (text, rect) in enumerate(zip(MOODS, third, strict=True)):
        mood = k + 1
        items.append(
            Item(
                f"morning:{mood}",
                rect,
                text,
                "chip",
                cmd.SleepAnswer(sid, mood=mood),
                night.mood == mood,
            )
        )
    done = "Done" if night.answered else "Skip"
    items.append(
        Item(
            "night:done",
            second[-1],
            done,
            "button",
            cmd.SleepAnswer(sid, done=True),
            confirm=not night.answered,
        )
    )
    return items


def _voice_row(voice: VoiceValues, row) -> list[Item]:
    """Voice on or off, next, and (when there are choices) choosing tonight's story."""
    if voice.ended:
        heading = "Voice: finished for tonight"
    elif not voice.on:
        heading = "Voice: off"
    else:
        heading = f"Voice: {voice.title}" if voice.title else "Voice"
    choose = f"Choose a {voice.choose_kind or 'script'}"
    buttons = [
        ("voice:on", "Voice on" if not voice.on else "Voice off", cmd.SetVoice(not voice.on)),
        ("voice:next", "Next", cmd.NextScript()),
    ]
    if voice.choices:
        buttons.append(("voice:choose", choose, ("view", "choose")))
    rects = row(heading, len(buttons))
    return [
        Item(item_id, rect, text, "button", command)
        for (item_id, text, command), rect in zip(buttons, rects, strict=True)
    ]


def _choices(voice: VoiceValues, page: int, rows: _Rows, items: list, labels: list) -> None:
    """The choose view: tonight's choices, three to a row, with Back (and paging)."""
    per_page = CHOICES_PER_ROW * CHOICE_ROWS
    pages = max(1, -(-len(voice.choices) // per_page))
    page = min(max(page, 0), pages - 1)
    shown = voice.choices[page * per_page : (page + 1) * per_page]
    what = voice.choose_kind or "script"
    head = f"Tonight's {what}: choose one" + (f"  ({page + 1} / {pages})" if pages > 1 else "")
    y = rows.cards_bottom + 0.04
    labels.append(Label(head, 0.06, y))
    top = y + 0.045
    pitch = (PANEL_H_M - 0.02 - top) / (CHOICE_ROWS + 1)
    for r in range(CHOICE_ROWS):
        batch = shown[r * CHOICES_PER_ROW : (r + 1) * CHOICES_PER_ROW]
        if not batch:
            break
        y0 = top + r * pitch
        for (script_id, title), rect in zip(
            batch, _row(CHOICES_PER_ROW, y0, y0 + pitch - MIN_GAP_M), strict=False
        ):
            items.append(
                Item(f"choose:{script_id}", rect, title, "chip", cmd.ChooseScript(script_id))
            )
    y0 = top + CHOICE_ROWS * pitch
    last = _row(3, y0, y0 + pitch - MIN_GAP_M)
    items.append(Item("choose:back", last[1], "Back", "button", ("view", "main")))
    if pages > 1:
        items.append(Item("choose:prev", last[0], "‹ More", "button", ("choice-page", -1)))
        items.append(Item("choose:more", last[2], "More ›", "button", ("choice-page", 1)))
