"""docs/scene-format.md documents every field of every scene model."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from vrasmr.scene import layers, model, motion, program, props, recipes, schedule, sound

DOC = Path(__file__).resolve().parents[1] / "docs" / "scene-format.md"


def _models():
    for module in (model, sound, motion, schedule, layers, recipes, program, props):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
                and not value.__name__.startswith("_")
            ):
                yield value


def test_every_model_field_is_in_the_doc():
    text = DOC.read_text()
    models = list(_models())
    assert len(models) >= 20
    missing = [f"{m.__name__}.{f}" for m in models for f in m.model_fields if f"`{f}`" not in text]
    assert missing == []


def test_every_layer_kind_and_motion_type_is_in_the_doc():
    text = DOC.read_text()
    kinds = [*layers.LAYER_KINDS, *motion.MOTION_TYPES, *schedule.SCHEDULE_TYPES, *props.SHAPES]
    assert [k for k in kinds if f'"{k}"' not in text] == []
