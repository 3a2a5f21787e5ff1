"""Making all the speech ahead: every script's utterances, uncached ones shared among a few
worker processes, progress read from the cache as files appear."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import cache
from .worker import Job

POLL_S = 0.25


@dataclass
class Plan:
    total: int = 0
    missing: list[Job] = field(default_factory=list)


def plan_jobs(script_ids: Sequence[str] | None = None, registry=None) -> tuple[Plan, list[str]]:
    """The utterances of ``script_ids`` (all scripts when None) not cached yet, and the
    problems found on the way (a script that cannot be read is reported, the rest go on)."""
    from .playback import every_utterance
    from .script import ScriptError, list_scripts, load_script
    from .voices import VoiceRegistry

    registry = registry or VoiceRegistry()
    plan, problems, seen = Plan(), [], set()
    for note in {registry.fallback_note(v) for v in ("whisper", "soft")} - {None}:
        problems.append(note)
    wanted = [(s, None) for s in (script_ids or list_scripts())]
    if not script_ids:
        wanted += sorted(_scene_voices())  # scripts a scene speaks in another voice
    for script_id, voice in wanted:
        try:
            script = load_script(script_id)
        except ScriptError as error:
            problems.append(str(error))
            continue
        for item in every_utterance(script, voice=voice):
            voice = registry.resolve(item.voice)
            job = Job(" ".join(item.text.split()), voice, registry.cache_id(voice), item.rate_wpm)
            if job in seen:
                continue
            seen.add(job)
            plan.total += 1
            if not cache.is_cached(job.key()):
                plan.missing.append(job)
    return plan, problems


def _scene_voices() -> set[tuple[str, str]]:
    """(script, voice) of every scene emitter, and every script of a scene's program, whose
    voice the scene overrides."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.session.assets import scene_library

    content, _ = ContentIndex.load()
    library = scene_library()
    found = set()
    for scene_id in library.ids():
        scene = library.get(scene_id)
        for emitter in scene.emitters:
            sound = emitter.sound
            if sound.recipe and sound.recipe in content.recipes:
                sound = content.recipes[sound.recipe].sound
            if sound.script and sound.voice:
                found.add((sound.script, sound.voice))
        program = scene.program
        if program is not None and program.voice:
            for part in program.parts:
                found.update((i, program.voice) for i in part.resolve(content.script_ids))
    return found


def run_jobs(
    jobs: Sequence[Job],
    *,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
    start_worker=None,
) -> int:
    """Make ``jobs`` with ``workers`` worker processes (each gets every n-th job, so all make
    the earliest speech first); returns how many are now cached."""
    from .worker import WorkerProcess

    start_worker = start_worker or WorkerProcess
    procs = []
    try:
        for n in range(max(1, min(workers, len(jobs)))):
            proc = start_worker()
            for job in jobs[n::workers]:
                proc.submit(job)
            proc.finish_input()
            procs.append(proc)
        pending = list(jobs)
        made = 0
        while pending:
            still = [j for j in pending if not cache.is_cached(j.key())]
            if len(still) != len(pending) and progress is not None:
                progress(made + len(pending) - len(still))
            made += len(pending) - len(still)
            pending = still
            if not any(p.alive for p in procs):
                pending = [j for j in pending if not cache.is_cached(j.key())]
                break
            time.sleep(POLL_S)
        return len(jobs) - len(pending)
    finally:
        for proc in procs:
            proc.stop(wait=True)
