"""Turn pydantic's validation errors into SceneErrors with field paths, lines and hints."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ValidationError

from vrasmr.quoting import quote
from vrasmr.scene.errors import SceneError, did_you_mean, format_field
from vrasmr.scene.toml_lines import line_for

_TAG_OPTIONS = {
    "layers": "LAYER_KINDS",
    "motion": "MOTION_TYPES",
    "schedule": "SCHEDULE_TYPES",
    "items": "SHAPES",
    "item": "SHAPES",
}


def _tag_options(path: Sequence) -> tuple[str, ...]:
    from vrasmr.scene import layers, motion, props, schedule

    named = [p for p in path if isinstance(p, str)]
    source = {
        "LAYER_KINDS": layers,
        "MOTION_TYPES": motion,
        "SCHEDULE_TYPES": schedule,
        "SHAPES": props,
    }
    for part in reversed(named):
        if part in _TAG_OPTIONS:
            name = _TAG_OPTIONS[part]
            return getattr(source[name], name)
    return ()


def clean_path(loc: Sequence, data) -> tuple:
    """Drop pydantic's union tags and validator names from ``loc`` by walking the data."""
    path: list = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if part == "[key]":
            continue
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
            elif isinstance(part, str) and part in (
                node.get("type"),
                node.get("kind"),
                node.get("shape"),
            ):
                pass  # a union tag such as "orbit": not a key in the data
            elif last or not isinstance(part, str):
                path.append(part)
                node = None
            continue
        if isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if 0 <= part < len(node) else None
            continue
        if isinstance(part, str) and node is not None:
            continue  # scalar or list with a named branch: a union member's name
        path.append(part)
        node = None
    return tuple(path)


def _expected(msg: str) -> str:
    return re.sub(r"^Input should be ", "", msg).rstrip(".")


def translate(
    exc: ValidationError, data, file: str, lines: dict[tuple, int], prefix: Sequence = ()
) -> list[SceneError]:
    """One SceneError per problem (union alternatives on one field are merged)."""
    by_path: dict[tuple, list[dict]] = {}
    out: list[SceneError] = []

    def emit(path: tuple, message: str) -> None:
        full = tuple(prefix) + path
        out.append(
            SceneError(message, file=file, line=line_for(full, lines), field=format_field(full))
        )

    for err in exc.errors(include_url=False):
        kind = err["type"]
        path = clean_path(err["loc"], data)
        ctx = err.get("ctx") or {}
        if kind == "unknown_key":
            for key in ctx.get("keys", []):
                emit(path + (key,), f"unknown key {quote(key)}{did_you_mean(key, ctx['allowed'])}")
        elif kind == "union_tag_invalid":
            disc = ctx.get("discriminator", "type").strip("'")
            tags = tuple(re.findall(r"'([^']*)'", str(ctx.get("expected_tags", ""))))
            emit(
                path + (disc,),
                f"unknown {disc} {quote(ctx.get('tag'))}{did_you_mean(str(ctx.get('tag')), tags)}",
            )
        elif kind == "union_tag_not_found":
            disc = str(ctx.get("discriminator", "type")).strip("'")
            options = _tag_options(path)
            emit(path + (disc,), f"missing {disc}; expected one of: {', '.join(options)}")
        elif kind == "missing":
            emit(path, "required field is missing; add it")
        elif kind in ("value_error", "assertion_error"):
            emit(path, re.sub(r"^(Value|Assertion) error, ", "", err["msg"]))
        else:
            by_path.setdefault(path, []).append(err)
    for path, errs in by_path.items():
        expectations = list(dict.fromkeys(_expected(e["msg"]) for e in errs))
        found = quote(errs[0].get("input"))
        emit(path, f"expected {' or '.join(expectations)}; found {found}")
    return out


def validate_model(
    model: type[BaseModel], data, file: str, lines: dict[tuple, int]
) -> tuple[BaseModel | None, list[SceneError]]:
    """The validated model, or None and every problem found."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, translate(exc, data, file, lines) or [SceneError(str(exc), file=file)]
    except RecursionError:
        return None, [SceneError("nesting is too deep to read", file=file)]
