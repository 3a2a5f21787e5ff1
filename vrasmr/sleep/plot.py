"""A calm, dark chart of the journal drawn with Pillow: nightly sleep ratings and what helped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vrasmr.chart_style import BACKGROUND, GRID, font
from vrasmr.sleep.journal import SessionRow
from vrasmr.sleep.summary import nightly_ratings, summarize

WIDTH, HEIGHT = 1200, 820
TEXT = (200, 205, 225)
MUTED = (120, 128, 160)
TREND = (240, 200, 120)
BAR = (105, 130, 200)
PALETTE = (
    (120, 170, 255),
    (150, 220, 180),
    (230, 150, 200),
    (250, 190, 120),
    (170, 150, 250),
    (120, 220, 230),
    (240, 130, 130),
    (200, 210, 120),
)


def _rolling(values: Sequence[float], window: int = 7) -> list[float]:
    out = []
    for i in range(len(values)):
        chunk = values[max(0, i - window + 1) : i + 1]
        out.append(sum(chunk) / len(chunk))
    return out


def plot_journal(sessions: Sequence[SessionRow], path: Path) -> Path:
    """Draw the chart to ``path`` (PNG) and return it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title, small, tiny = font(30), font(18), font(15)
    summary = summarize(sessions)
    nights = nightly_ratings(sessions)
    draw.text(
        (40, 24),
        f"Your sleep - {summary.nights} nights, {summary.rated_nights} rated",
        fill=TEXT,
        font=title,
    )
    draw.text(
        (40, 64), "How you slept each night (1-5) and the 7-night average", fill=MUTED, font=small
    )

    left, top, right, bottom = 80, 110, WIDTH - 40, 430
    scenes = sorted({scene for _, _, scene in nights})
    colour = {scene: PALETTE[i % len(PALETTE)] for i, scene in enumerate(scenes)}
    for rating in range(1, 6):
        y = bottom - (rating - 1) / 4 * (bottom - top)
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        draw.text((left - 30, y - 10), str(rating), fill=MUTED, font=small)
    if not nights:
        draw.text(
            (left + 40, (top + bottom) / 2 - 12),
            "No sleep ratings yet: answer 'how did you sleep?' in the morning.",
            fill=MUTED,
            font=small,
        )
    else:
        first, last = nights[0][0], nights[-1][0]
        span = max(1, (last - first).days)

        def x_of(night) -> float:
            return left + 20 + (night - first).days / span * (right - left - 40)

        def y_of(rating: float) -> float:
            return bottom - (rating - 1) / 4 * (bottom - top)

        average = _rolling([r for _, r, _ in nights])
        points = [(x_of(n), y_of(a)) for (n, _, _), a in zip(nights, average, strict=True)]
        if len(points) > 1:
            draw.line(points, fill=TREND, width=4, joint="curve")
        radius = 7 if len(nights) < 60 else 4
        for night, rating, scene in nights:
            x, y = x_of(night), y_of(rating)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour[scene])
        draw.text((left, bottom + 10), first.strftime("%d %b %Y"), fill=MUTED, font=tiny)
        end_label = last.strftime("%d %b %Y")
        draw.text(
            (right - draw.textlength(end_label, font=tiny), bottom + 10),
            end_label,
            fill=MUTED,
            font=tiny,
        )
        x = left
        for scene in scenes:  # legend
            draw.ellipse([x, bottom + 40, x + 12, bottom + 52], fill=colour[scene])
            draw.text((x + 18, bottom + 37), scene, fill=TEXT, font=tiny)
            x += 40 + draw.textlength(scene, font=tiny)

    _draw_trigger_bars(draw, summary.by_trigger, top=570, fonts=(small, tiny))
    draw.text(
        (40, HEIGHT - 30),
        "Private: made on this computer, never sent anywhere.",
        fill=MUTED,
        font=tiny,
    )
    path = Path(path)
    image.save(path, format="PNG")
    return path


def _draw_trigger_bars(draw, by_trigger, *, top: int, fonts) -> None:
    small, tiny = fonts
    draw.text((40, top - 40), "Average sleep rating by trigger", fill=MUTED, font=small)
    if not by_trigger:
        draw.text((80, top), "Rated nights will show which sounds help you.", fill=MUTED, font=tiny)
        return
    rows = sorted(by_trigger.items(), key=lambda kv: (-kv[1].mean, kv[0]))[:8]
    label_w, bar_left, bar_right, row_h = 140, 200, WIDTH - 200, 26
    for i, (trigger, avg) in enumerate(rows):
        y = top + i * row_h
        draw.text((bar_left - label_w, y), trigger, fill=TEXT, font=tiny)
        length = (avg.mean - 1) / 4 * (bar_right - bar_left)
        draw.rounded_rectangle(
            [bar_left, y + 2, bar_left + max(6, length), y + row_h - 8],
            radius=6,
            fill=BAR,
        )
        draw.text(
            (bar_left + max(6, length) + 10, y),
            f"{avg.mean:.1f}  ({avg.count} night{'s' * (avg.count != 1)})",
            fill=MUTED,
            font=tiny,
        )
