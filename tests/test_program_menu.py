"""The menu's voice row and the choose view: every target inside the panel and apart, the
commands they give, and the view coming and going."""

from __future__ import annotations

import pytest

from tests.test_ui_model import assert_laid_out, head, shown_menu
from vrasmr.sleep.morning import LastNight
from vrasmr.ui import commands as cmd
from vrasmr.ui.layout import (
    MenuValues,
    SceneCard,
    VoiceValues,
    layout,
)

STORIES = tuple((f"story-{k}", f"The story number {k}") for k in range(1, 13))
VOICE = VoiceValues(
    on=True,
    title="The lighthouse keeper",
    kind="story",
    choices=STORIES,
    choose_kind="story",
    playing="story-lighthouse",
)
CARDS = [SceneCard(f"s{k}", f"S{k}") for k in range(5)]


def test_a_scene_with_a_program_gets_the_voice_row():
    items, labels = layout(MenuValues(voice=VOICE), CARDS)
    assert_laid_out(items, labels)
    by_id = {i.id: i for i in items}
    assert by_id["voice:on"].label == "Voice off" and by_id["voice:on"].command == cmd.SetVoice(
        False
    )
    assert by_id["voice:next"].command == cmd.NextScript()
    assert by_id["voice:choose"].label == "Choose a story"
    assert "Voice: The lighthouse keeper" in [lb.text for lb in labels]
    assert "mood:3" in by_id and "trigger:mouth" in by_id  # the other rows stay
    off = layout(MenuValues(voice=VoiceValues(on=False, choices=STORIES)), CARDS)[0]
    assert next(i for i in off if i.id == "voice:on").command == cmd.SetVoice(True)
    plain_ids = {i.id for i in layout(MenuValues(), CARDS)[0]}
    assert not any(i.startswith("voice:") for i in plain_ids)  # no program, no row


def test_last_nights_questions_come_before_the_voice_row():
    items, labels = layout(MenuValues(voice=VOICE, last_night=LastNight(3)), CARDS)
    assert_laid_out(items, labels)
    ids = {i.id for i in items}
    assert "night:1" in ids and not any(i.startswith("voice:") for i in ids)


@pytest.mark.parametrize("count", [3, 12, 14])
def test_the_choose_view_lays_out_tonights_choices(count):
    voice = VoiceValues(choices=STORIES[:count] + tuple((f"x{k}", "X") for k in range(count - 12)))
    items, labels = layout(MenuValues(voice=voice), CARDS, view="choose")
    assert_laid_out(items, labels)
    chips = [i for i in items if i.id.startswith("choose:") and i.kind == "chip"]
    assert len(chips) == min(count, 12)
    assert chips[0].command == cmd.ChooseScript("story-1")
    ids = {i.id for i in items}
    assert "choose:back" in ids and not any(i.startswith("timer:") for i in ids)
    assert ("choose:more" in ids) == (count > 12)
    if count > 12:
        page2 = layout(MenuValues(voice=voice), CARDS, view="choose", choice_page=1)[0]
        assert len([i for i in page2 if i.kind == "chip"]) == count - 12


def test_the_menu_opens_the_choose_view_and_a_choice_closes_it():
    menu, t = shown_menu()
    menu.values = MenuValues(scene_id="scene-1", voice=VOICE)
    assert menu._activate(menu.item("voice:choose"), t) == [] and menu.view == "choose"
    out = menu._activate(menu.item("choose:story-5"), t)
    assert out == [cmd.ChooseScript("story-5")] and menu.view == "main"
    menu._activate(menu.item("voice:choose"), t)
    menu._activate(menu.item("choose:back"), t)
    assert menu.view == "main"
    menu._activate(menu.item("voice:choose"), t)
    menu.hide()
    assert menu.view == "main"
    menu.step(t + 1, head(), (), frozenset({"menu"}))
    assert menu.item("voice:next") is not None


def test_the_voice_row_and_the_choices_paint():
    from vrasmr.ui.paint import paint_panel, panel_size_px

    for view in ("main", "choose"):
        image = paint_panel(*layout(MenuValues(voice=VOICE), CARDS, view=view))
        assert image.size == panel_size_px() and image.getbbox() is not None
