"""Read scene and recipe files: size limit, TOML parsing, validation, cross-references."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vrasmr.quoting import quote
from vrasmr.scene.audio_files import audio_roots, resolve_audio_file
from vrasmr.scene.errors import SceneError, combine, did_you_mean, format_field
from vrasmr.scene.model import Scene
from vrasmr.scene.names import GENERATOR_TRIGGERS
from vrasmr.scene.recipes import Recipe
from vrasmr.scene.sound import Sound
from vrasmr.scene.sound_memory import sound_memory_problems
from vrasmr.scene.toml_lines import key_lines, line_for
from vrasmr.scene.validation import translate, validate_model

MAX_FILE_BYTES = 1_000_000
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def read_toml_text(text: str, file: str) -> dict:
    """Parse TOML text; a syntax error becomes a SceneError with its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m[1]) if m else None
        detail = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", msg)
        raise SceneError(f"not valid TOML: {detail}", file=file, line=line) from None
    except RecursionError:
        raise SceneError("not valid TOML: nesting is too deep", file=file) from None


def read_text(path: Path) -> str:
    """A file's UTF-8 text, refusing files over MAX_FILE_BYTES before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SceneError(
                f"file is {size / 1e6:.1f} MB; scene and recipe files may be at most "
                f"{MAX_FILE_BYTES // 1000} kB",
                file=path,
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SceneError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SceneError(f"file is over {MAX_FILE_BYTES // 1000} kB", file=path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SceneError(
            "not a text file (not UTF-8); scene files are UTF-8 TOML", file=path, line=line
        ) from None


def _script_ids() -> tuple[str, ...]:
    from vrasmr.content import script_paths

    return tuple(sorted(script_paths()))


@dataclass
class ContentIndex:
    """What scenes may refer to: recipes, spoken scripts and the audio folders."""

    recipes: dict[str, Recipe] = field(default_factory=dict)
    script_ids: tuple[str, ...] = field(default_factory=_script_ids)
    roots: tuple[Path, ...] = ()

    def resolve(self, sound: Sound) -> tuple[Sound, float, tuple[str, ...]]:
        """(sound, trim dB, trigger kinds) with a recipe replaced by the sound it names
        (KeyError for an unknown recipe)."""
        if sound.recipe:
            recipe = self.recipes[sound.recipe]
            return recipe.sound, recipe.gain_db, tuple(recipe.triggers)
        if sound.generator:
            return sound, 0.0, GENERATOR_TRIGGERS.get(sound.generator, ())
        if sound.script or sound.program:
            return sound, 0.0, ("whispers", "voice")
        return sound, 0.0, ("recording",)

    @classmethod
    def load(cls) -> tuple[ContentIndex, list[SceneError]]:
        """The shipped and user recipes, scripts and audio folders, with any recipe errors."""
        return cls.load_from(recipe_dirs())

    @classmethod
    def load_from(cls, folders: Sequence[Path]) -> tuple[ContentIndex, list[SceneError]]:
        recipes, errors = load_recipes(folders)
        return cls(recipes, _script_ids(), audio_roots()), errors


def recipe_dirs() -> tuple[Path, ...]:
    """Shipped recipes, then the user's own (audio/recipes under the user data folder)."""
    from vrasmr.content import audio_dir, user_audio_dir

    return (audio_dir() / "recipes", user_audio_dir() / "recipes")


def _check_generator(name: str, params: dict) -> list[tuple[tuple, str]]:
    from pydantic import ValidationError

    from vrasmr.scene.generator_params import UnknownGenerator, validate_params

    try:
        validate_params(name, dict(params))
    except UnknownGenerator as exc:
        return [(("generator",), str(exc))]
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if p != "[key]")
            expected = re.sub(r"^Input should be ", "", err["msg"])
            options = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            hint = did_you_mean(str(err.get("input")), options) if options else ""
            found = quote(err.get("input"))
            out.append((("params", *loc), f"expected {expected}; found {found}{hint}"))
        return out
    except Exception as exc:  # a generator bug must not crash scene loading
        return [(("params",), f"generator '{name}' rejected its parameters: {exc}")]
    return []


def check_sound(
    sound: Sound, content: ContentIndex, *, allow_recipe: bool
) -> list[tuple[tuple, str]]:
    """Problems with what ``sound`` refers to, as (relative field path, message)."""
    if sound.recipe is not None:
        if not allow_recipe:
            return [
                (
                    ("recipe",),
                    "a recipe cannot refer to another recipe; use generator, script or file",
                )
            ]
        if sound.recipe not in content.recipes:
            names = sorted(content.recipes)
            return [
                (("recipe",), f"unknown recipe '{sound.recipe}'{did_you_mean(sound.recipe, names)}")
            ]
        return []
    if sound.generator is not None:
        return _check_generator(sound.generator, sound.params)
    if sound.script is not None:
        if sound.script not in content.script_ids:
            hint = did_you_mean(sound.script, content.script_ids)
            return [(("script",), f"unknown script '{sound.script}'{hint}")]
        return []
    if sound.program:
        if not allow_recipe:
            return [(("program",), "a recipe cannot speak a scene's program; use it in a scene")]
        return []
    try:
        resolve_audio_file(sound.file or "", content.roots or None)
    except ValueError as exc:
        return [(("file",), str(exc))]
    return []


def _palette_problems(scene: Scene) -> list[tuple[tuple, str]]:
    from vrasmr.scene.layers import colour_fields

    out = []
    names = sorted(scene.palette)
    for i, layer in enumerate(scene.layers):
        for path, colour in colour_fields(layer.model_dump()):
            if colour.startswith("#") or colour in scene.palette:
                continue
            hint = did_you_mean(colour, names) if names else "; add it under [palette]"
            out.append((("layers", i, *path), f"unknown palette colour '{colour}'{hint}"))
    return out


def check_scene_references(scene: Scene, content: ContentIndex) -> list[tuple[tuple, str]]:
    """Recipes, scripts, generators, files and palette names a valid scene refers to, and
    the memory its sounds would take."""
    from vrasmr.program.checks import program_problems

    out = _palette_problems(scene)
    for i, emitter in enumerate(scene.emitters):
        for path, msg in check_sound(emitter.sound, content, allow_recipe=True):
            out.append((("emitters", i, "sound", *path), msg))
    out += program_problems(scene, content.script_ids)
    return out + sound_memory_problems(scene, content)


def _errors_at(problems, file: str, lines: dict) -> list[SceneError]:
    return [
        SceneError(msg, file=file, line=line_for(path, lines), field=format_field(path))
        for path, msg in problems
    ]


def _by_line(errors: list[SceneError]) -> list[SceneError]:
    return sorted(errors, key=lambda e: (e.line is None, e.line or 0))


def scene_problems(text: str, file: str, content: ContentIndex, stem: str | None = None):
    """``(scene or None, errors)`` for a scene's TOML text."""
    try:
        data = read_toml_text(text, file)
    except SceneError as exc:
        return None, [exc]
    lines = key_lines(text)
    scene, errors = validate_model(Scene, data, file, lines)
    if scene is None:
        return None, _by_line(errors)
    problems = check_scene_references(scene, content)
    if stem is not None and scene.id != stem:
        problems.append(
            (("id",), f"id '{scene.id}' does not match the file name '{stem}.toml'; rename one")
        )
    errors = _by_line(_errors_at(problems, file, lines))
    return (None if errors else scene), errors


def parse_scene_text(
    text: str, file: str = "<scene>", content: ContentIndex | None = None
) -> Scene:
    """Validate a scene from TOML text; raises SceneError carrying every problem."""
    if content is None:
        content, _ = ContentIndex.load()
    scene, errors = scene_problems(text, file, content)
    if errors:
        raise combine(errors)
    return scene


def load_scene(path: str | Path, content: ContentIndex | None = None) -> Scene:
    """Load and validate one scene file; raises SceneError carrying every problem."""
    path = Path(path)
    if content is None:
        content, _ = ContentIndex.load()
    try:
        text = read_text(path)
    except SceneError as exc:
        raise exc from None
    scene, errors = scene_problems(text, str(path), content, stem=path.stem)
    if errors:
        raise combine(errors)
    return scene


def load_recipe(path: Path, content: ContentIndex | None = None) -> Recipe:
    """Load one recipe file (its name is the file stem); raises SceneError."""
    file = str(path)
    if not _NAME.match(path.stem):
        raise SceneError(
            f"recipe file name '{path.name}' must be lower-case letters, digits, '-' or '_'",
            file=file,
        )
    text = read_text(path)
    data = read_toml_text(text, file)
    lines = key_lines(text)
    recipe, errors = validate_model(Recipe, data, file, lines)
    if recipe is not None:
        index = content or ContentIndex(script_ids=_script_ids(), roots=audio_roots())
        problems = [
            (("sound", *p), m) for p, m in check_sound(recipe.sound, index, allow_recipe=False)
        ]
        errors = _errors_at(problems, file, lines)
    if errors:
        raise combine(errors)
    return recipe


def load_recipes(dirs: Sequence[Path]) -> tuple[dict[str, Recipe], list[SceneError]]:
    """Every recipe in ``dirs`` (earlier folders win; a later clash is an error)."""
    recipes: dict[str, Recipe] = {}
    origin: dict[str, Path] = {}
    errors: list[SceneError] = []
    index = ContentIndex(script_ids=_script_ids(), roots=audio_roots())
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.toml")) if Path(folder).is_dir() else []:
            if path.stem in recipes:
                errors.append(
                    SceneError(
                        f"a recipe named '{path.stem}' already exists in {origin[path.stem]}; "
                        "rename this file",
                        file=path,
                    )
                )
                continue
            try:
                recipes[path.stem] = load_recipe(path, index)
                origin[path.stem] = path
            except SceneError as exc:
                errors.extend(exc.all)
    return recipes, errors


def load_scenes(
    paths: Iterable[str | Path], content: ContentIndex | None = None
) -> tuple[dict[str, Scene], list[SceneError]]:
    """Every valid scene among ``paths`` by id, and every error from every file."""
    if content is None:
        content, _ = ContentIndex.load()
    scenes: dict[str, Scene] = {}
    errors: list[SceneError] = []
    for path in paths:
        try:
            scene = load_scene(path, content)
        except SceneError as exc:
            errors.extend(exc.all)
            continue
        if scene.id in scenes:
            errors.append(
                SceneError(
                    f"another file already uses id '{scene.id}'; ids must be unique",
                    file=path,
                    field="id",
                )
            )
            continue
        scenes[scene.id] = scene
    return scenes, errors


__all__ = [
    "MAX_FILE_BYTES",
    "ContentIndex",
    "check_scene_references",
    "load_recipe",
    "load_recipes",
    "load_scene",
    "load_scenes",
    "parse_scene_text",
    "read_text",
    "read_toml_text",
    "translate",
]
