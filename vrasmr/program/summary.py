"""A scene's program in words, for ``vrasmr scenes show``: its parts, and a first night as
planned with the scene's own timer (nothing heard before), with what it covers."""

from __future__ import annotations


def describe_program(scene, script_ids) -> list[str]:
    from vrasmr.program.assembly import (
        default_window,
        program_scripts,
        program_seed,
        program_start_s,
    )
    from vrasmr.program.figures import plan_figures
    from vrasmr.program.plan import plan_night

    program = scene.program
    lines = ["program:"]
    for k, part in enumerate(program.parts):
        count = "all that fit" if part.count is None else f"{part.count} a night"
        extra = ", choosable" if part.choosable else ""
        lines.append(
            f"  part {k + 1}: {', '.join(part.scripts)} ({part.order}, {count}{extra}; "
            f"{len(part.resolve(script_ids))} scripts)"
        )
    scripts = program_scripts(program, script_ids)
    window = default_window(scene)
    plan = plan_night(
        program,
        scripts,
        window=window,
        seed=program_seed(scene),
        start_s=program_start_s(scene),
        breathing_bpm=scene.breathing_rate_bpm,
    )
    if window is None:
        lines.append("  a first night (no timer): " + ", ".join(s.script_id for s in plan.scripts))
        return lines
    figures = plan_figures(plan, program, scripts)
    timer = f"{scene.sleep_timer} min" if isinstance(scene.sleep_timer, int) else "all-night"
    lines.append(f"  a first night ({timer} timer): " + ", ".join(figures.scripts))
    lines.append(
        f"  covers {figures.coverage:.0%} of the {figures.before_fade_s / 60:.0f} min before "
        f"the fade; longest silence {figures.longest_silence_s:.0f} s; "
        f"{figures.speech_s / 60:.0f} min of words"
    )
    return lines
