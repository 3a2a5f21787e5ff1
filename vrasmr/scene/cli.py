"""``vrasmr scenes``: list scenes, show one, validate scene and recipe files, or render a
contact sheet of them all (``--sheet out.png``)."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    """Add ``scenes`` with its ``list``, ``show ID`` and ``validate [FILES...]`` commands."""
    parser = subparsers.add_parser("scenes", help="list, show and validate scenes")
    parser.add_argument(
        "--sheet",
        metavar="PNG",
        help="render every scene from its resting gaze into one labelled grid with its "
        "mean luminance, 99.5th percentile and blue share",
    )
    sub = parser.add_subparsers(dest="scenes_command", metavar="{list,show,validate}")
    sub.add_parser("list", help="list scenes with their titles and techniques")
    show = sub.add_parser("show", help="describe one scene")
    show.add_argument("scene_id", metavar="ID")
    validate = sub.add_parser(
        "validate", help="check scene files (all shipped and user scenes and recipes if none given)"
    )
    validate.add_argument("files", nargs="*", metavar="FILE")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "sheet", None):
        return _sheet(args.sheet)
    command = getattr(args, "scenes_command", None) or "list"
    if command == "show":
        return _show(args.scene_id)
    if command == "validate":
        return _validate(args.files)
    return _list()


def _library():
    from vrasmr.scene.library import SceneLibrary

    library = SceneLibrary()
    library.poll()
    return library


def _list() -> int:
    library = _library()
    for sid in library.ids():
        scene = library.get(sid)
        print(f"{sid:28} {scene.title:32} {', '.join(scene.techniques)}")
    for error in library.errors.values():
        print(f"(not loaded) {error.headline()}", file=sys.stderr)
    return 0


def _show(scene_id: str) -> int:
    from vrasmr.scene.errors import did_you_mean

    library = _library()
    if scene_id not in library.scenes:
        print(f"no scene '{scene_id}'{did_you_mean(scene_id, library.ids())}", file=sys.stderr)
        return 1
    s = library.get(scene_id)
    print(f"{s.title}  ({s.id}, {library.path_of(s.id)})")
    if s.description:
        print(f"  {s.description}")
    print(f"  techniques: {', '.join(s.techniques)}")
    print(
        f"  brightness {s.brightness}, breathing {s.breathing_rate_bpm:g}/min, "
        f"sleep timer {s.sleep_timer}, reverb {s.reverb}"
    )
    print(f"  layers: {', '.join(layer.kind for layer in s.layers) or 'none'}")
    print("  emitters:")
    for i, e in enumerate(s.emitters):
        print(
            f"    {s.emitter_name(i)}: {e.sound.describe()}, {e.gain_db:g} dB, {e.anchor}, "
            f"{e.motion.type}, {e.schedule.type}"
        )
    if s.program is not None:
        from vrasmr.program.summary import describe_program

        for line in describe_program(s, library.content.script_ids):
            print(f"  {line}")
    return 0


def _validate(files: list[str]) -> int:
    """Report what loading reports: the library's own rules decide, for every file given or,
    with none, for every scene and recipe it loads."""
    from pathlib import Path

    library = _library()
    if files:
        scenes, scene_errors = library.check_files(Path(f) for f in files)
    else:
        scenes, scene_errors = (
            library.scenes,
            [e for err in library.errors.values() for e in err.all],
        )
    errors = [*library.recipe_errors, *scene_errors]
    for error in errors:
        print(error.headline(), file=sys.stderr)
    bad_files = len({e.file for e in errors})
    print(
        f"{len(scenes)} scene(s) valid, {len(errors)} error(s) in {bad_files} file(s)"
        if errors
        else f"{len(scenes)} scene(s) valid, {len(library.content.recipes)} recipe(s) valid"
    )
    return 1 if errors else 0


def _sheet(path: str) -> int:
    """Render the contact sheet to ``path`` and print each scene's figures."""
    from pathlib import Path

    from vrasmr.render.sheet import contact_sheet, figure_problems

    library = _library()
    scenes = [library.get(sid) for sid in library.ids()]
    if not scenes:
        print("no scene could be loaded; see `vrasmr scenes validate`", file=sys.stderr)
        return 1
    image, found = contact_sheet(scenes)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    off = 0
    for scene, (sid, numbers) in zip(scenes, found, strict=True):
        problems = figure_problems(scene, numbers)
        off += bool(problems)
        print(
            f"{sid:24} mean {numbers.mean_luminance:.4f}  p99.5 {numbers.bright_luminance:.3f}  "
            f"blue {numbers.blue_share:.3f}  {'; '.join(problems) or 'on target'}"
        )
    print(f"wrote {out} ({len(scenes)} scenes, {off} off target)")
    return 0
