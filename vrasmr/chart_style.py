"""The calm, dark look the two charts share (the journal's nights and the safety check's
figures, both drawn with Pillow): the background, the grid lines and the font."""

from __future__ import annotations

BACKGROUND = (14, 17, 30)
GRID = (40, 46, 70)


def font(size: int):
    """Pillow's own font at ``size`` pixels (its fixed size where Pillow has no FreeType)."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType sizes
        return ImageFont.load_default()
