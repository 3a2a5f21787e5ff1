"""Paints the panel's picture with Pillow: dim warm colours, big text, scene thumbnails.

Called only when :meth:`vrasmr.ui.menu.Menu.content_key` changes (never for hover: the
highlight is drawn by the shader), on the drawer's worker thread.
"""

from __future__ import annotations

from functools import cache

from vrasmr.ui.layout import PANEL_H_M, PANEL_W_M, Item, Label

PX_PER_M = 800
BACKGROUND = (26, 19, 15, 218)
TILE = (46, 34, 26, 255)
TILE_SELECTED = (92, 62, 36, 255)
TEXT = (206, 178, 138, 255)
TEXT_DIM = (150, 124, 96, 255)
WARN = (170, 96, 70, 255)
PLACEHOLDER = (38, 30, 40, 255)


HINT_PX_PER_M = 1600  # the hint is small: more pixels per metre keep its text crisp


def hint_size_px() -> tuple[int, int]:
    from vrasmr.ui.hint import HINT_HEIGHT_M, HINT_WIDTH_M

    return round(HINT_WIDTH_M * HINT_PX_PER_M), round(HINT_HEIGHT_M * HINT_PX_PER_M)


def paint_hint(lines) -> object:
    """The first-night hint: dim text on nothing, as an RGBA PIL image (top row first)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", hint_size_px(), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for k, line in enumerate(lines):
        y = h * (k + 0.5) / len(lines)
        draw.text((w / 2, y), line, TEXT_DIM, _font(round(h / len(lines) * 0.62)), anchor="mm")
    return img


def panel_size_px() -> tuple[int, int]:
    return round(PANEL_W_M * PX_PER_M), round(PANEL_H_M * PX_PER_M)


@cache
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _px(rect) -> tuple[int, int, int, int]:
    return tuple(round(v * PX_PER_M) for v in rect)  # type: ignore[return-value]


def paint_panel(items: list[Item], labels: list[Label]):
    """The panel as an RGBA PIL image (top row first), ``panel_size_px()`` big."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", panel_size_px(), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    w, h = img.size
    draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=40, fill=BACKGROUND)
    for label in labels:
        draw.text((label.x * PX_PER_M, label.y * PX_PER_M), label.text, TEXT_DIM, _font(22))
    for item in items:
        x0, y0, x1, y1 = _px(item.rect)
        fill = TILE_SELECTED if item.selected else TILE
        draw.rounded_rectangle((x0, y0, x1, y1), radius=14, fill=fill)
        if item.kind == "card":
            _card(img, draw, item, (x0, y0, x1, y1))
        else:
            size = 40 if item.kind == "arrow" else _fitting_size(item.label, x1 - x0 - 12)
            draw.text(((x0 + x1) / 2, (y0 + y1) / 2), item.label, TEXT, _font(size), anchor="mm")
    return img


def _card(img, draw, item: Item, box) -> None:
    x0, y0, x1, y1 = box
    card = item.card
    pad = 8
    tw, th = x1 - x0 - 2 * pad, int((y1 - y0) * 0.6)
    thumb = getattr(card, "thumbnail", None)
    if thumb is not None:
        img.paste(thumb.convert("RGBA").resize((tw, th)), (x0 + pad, y0 + pad))
    else:
        draw.rounded_rectangle((x0 + pad, y0 + pad, x1 - pad, y0 + pad + th), 8, PLACEHOLDER)
    ty = y0 + pad + th + 6
    draw.text((x0 + pad, ty), _fit(item.label, tw, 20), TEXT, _font(20))
    techniques = ", ".join(t.replace("_", " ") for t in getattr(card, "techniques", ()))
    draw.text((x0 + pad, ty + 26), _fit(techniques, tw, 15), TEXT_DIM, _font(15))
    if getattr(card, "failed_check", False):
        draw.text((x0 + pad, ty + 46), "failed safety check", WARN, _font(15))
    elif getattr(card, "unchecked", False):
        draw.text((x0 + pad, ty + 46), "not safety-checked", TEXT_DIM, _font(15))


def _fit(text: str, width_px: int, size: int) -> str:
    font = _font(size)
    if font.getlength(text) <= width_px:
        return text
    while text and font.getlength(text + "…") > width_px:
        text = text[:-1]
    return text + "…"


def _fitting_size(text: str, width_px: int) -> int:
    for size in (22, 19, 16):
        if _font(size).getlength(text) <= width_px:
            return size
    return 14
