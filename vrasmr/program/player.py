"""The program as it plays: one voice stream and one stream per cue place, pulled by the
sound engine in step, and the controls the menu uses.

Every channel the engine pulls (:meth:`ProgramPlayer.channel`) asks the same producer, which
advances all of them together: the speech (a :class:`~vrasmr.sound.speech.stream.SpeechStream`
over the night's plan) and the cue tracks. A cue's gesture goes into its track at the very
sample where its clause starts in the speech, so the two leave the engine together.

Stopping, on the sound thread, between utterances: when sleep is likely (the scene's
:class:`~vrasmr.sleep.quiet.PhraseGate`), when the next script would start after the timer's
fade has begun, at the first sentence end past the fade's middle, and before an utterance
that would still be speaking near the fade's end. The controls (voice off and on, next,
choose a script) are requests the sound thread takes up: the current utterance and any cue
fade out over :data:`FADE_S`, then the program holds, goes on, or changes course.

What happened goes out as :class:`ProgramEvent` s through ``on_event`` (called on the sound
thread: it must not block; the journal's writer puts them on a queue).
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable, Mapping

import numpy as np

from vrasmr.program.channels import ChannelBuffer, ChannelPull
from vrasmr.program.cues import TRIGGER_OF, CueMix, GestureMaker, place_key, synth_gesture
from vrasmr.program.envelopes import (
    FADE_S,
    SOFT_AFTER_S,
    fade_out,
    soft_onset,
    soft_onset_over,
)
from vrasmr.program.gestures import Gestures
from vrasmr.program.items import ItemSource, Tag, TimerWindow, fits_window, time_of_cycle
from vrasmr.program.plan import Heard, NightPlan, default_pace, plan_night, with_chosen
from vrasmr.program.status import ProgramEvent, VoiceStatus, voice_status
from vrasmr.scene.program import DEFAULT_BREATHING_MINUTES, Program

SAMPLE_RATE = 48000
VOICE = "voice"
SKIP_GAP_S = 3.0  # silence before the next script after "next" or a choice
RESUME_LEAD_S = 0.6  # silence before the voice comes back on
PREFETCH_ITEMS = 8  # gestures are made this many utterances ahead
KEEP = object()  # plan(window=KEEP): the window the player has
_log = logging.getLogger(__name__)


class ProgramPlayer:
    """A scene's program: planned once (:meth:`plan`), then pulled channel by channel."""

    def __init__(
        self,
        program: Program,
        scripts: Mapping[str, object],
        *,
        start_s: float,
        seed: int,
        gain: float = 1.0,
        cue_keys=(),
        gate=None,
        gesture_maker: GestureMaker = synth_gesture,
        breathing_bpm: float = 6.0,
        default_window: TimerWindow | None = None,
    ) -> None:
        self.program = program
        self.scripts = dict(scripts)
        self.start_s = float(start_s)
        self.seed = int(seed)
        self.gain = float(gain)
        self.gate = gate
        self.gestures = Gestures(gesture_maker, int(seed))  # made ahead, on a worker
        self.pace_source: Callable[[], object] = lambda: None  # the scene's breath now
        self.breathing_bpm = breathing_bpm
        self.window = default_window
        self.scene_offset_s = 0.0  # scene time of the streams' first sample
        self.on_event: Callable[[ProgramEvent], None] | None = None
        self.switched_off: frozenset[str] = frozenset()
        self.night: NightPlan | None = None
        self.status = VoiceStatus()
        self.version = 0  # bumped whenever ``status`` changes
        self.played: list[str] = []  # scripts started tonight (the journal's and ours)
        self._lock = threading.RLock()
        self._keys = [VOICE, *cue_keys]
        self._channels = {k: ChannelBuffer() for k in self._keys}
        self._cues = CueMix(cue_keys)
        self._speech = None
        self._wait = False
        self._pos = 0  # samples produced on every channel
        self._map = (0, 0)  # (our sample, the speech's sample) at the start of a pull
        self._order: list = []
        self._requests: collections.deque = collections.deque()
        self._fading: tuple[int, tuple] | None = None  # (first sample, action)
        self._held = False
        self._speech_done = False
        self._current: Tag | None = None  # the utterance that started last
        self._current_end = 0  # where it ends (our samples)
        self._onset: int | None = None  # where words began softly after a silence
        self._paragraph: tuple[int, int] | None = None

    # ---- planning (before the first pull; the loader's thread) ------------------------
    def plan(self, heard: Heard | None = None, window=KEEP, seed: int | None = None):
        """Plan tonight from what was ``heard`` and the timer's fade ``window`` (scene
        seconds; None: no timer; left out: the scene's own timer), with ``seed`` (left out:
        the scene's, the same every night)."""
        heard = heard or Heard()
        with self._lock:
            if window is not KEEP:
                self.window = window
            if seed is not None:
                self.seed = self.gestures.seed = int(seed)
            self.night = plan_night(
                self.program,
                self.scripts,
                heard=heard,
                window=self.window,
                seed=self.seed,
                start_s=self.start_s,
                breathing_bpm=self.breathing_bpm,
            )
            self.played = [p.script_id for p in heard.tonight]
            self._order = list(self.night.scripts)
            self._speech = None
            self._set_status()
            return self.night

    def set_window(self, window: TimerWindow | None) -> None:
        """The sleep timer changed (frame thread): later stops follow the new fade."""
        self.window = window

    # ---- controls (frame thread) -------------------------------------------------------
    def voice(self, on: bool) -> None:
        self._requests.append(("resume",) if on else ("pause",))

    def skip(self) -> None:
        self._requests.append(("skip",))

    def choose(self, script_id: str) -> None:
        if script_id in self.scripts:
            self._requests.append(("choose", script_id))

    # ---- the engine's side -----------------------------------------------------------------
    def channel(self, key: str) -> ChannelPull:
        """The stream source the engine pulls for ``key`` ("voice" or a cue place)."""
        return ChannelPull(self, key)

    def bind_device(self, *, realtime: bool) -> None:
        self._wait = not realtime
        if self._speech is not None:
            self._speech.wait = self._wait

    def pull(self, key: str, frames: int) -> np.ndarray | None:
        with self._lock:
            channel = self._channels[key]
            while channel.have < frames and not self._finished(key):
                self._produce(frames)
            if channel.have == 0:
                channel.done = True
                return None
            return channel.take(frames)

    def close(self) -> None:
        if self._speech is not None:
            self._speech.close()

    # ---- the producer (sound thread) ------------------------------------------------------
    def _finished(self, key: str) -> bool:
        if not self._speech_done:
            return False
        return key == VOICE or not self._cues.busy

    def _produce(self, frames: int) -> None:
        if self.night is None:
            self.plan()
        if self._speech is None:
            self._start_speech()
        self._take_requests()
        begin = self._pos
        voice = None
        if self._held and not self._speech_done:
            voice = np.zeros(frames, np.float32)
        elif not self._speech_done:
            self._map = (begin, self._speech.samples_emitted)
            voice = self._speech(frames)
            if voice is None:
                self._end()
            elif len(voice) < frames:
                voice = np.concatenate([voice, np.zeros(frames - len(voice), np.float32)])
            if voice is not None and self._onset is not None:
                voice = voice * soft_onset(begin, frames, self._onset)
                if soft_onset_over(begin + frames, self._onset):
                    self._onset = None
        cues = self._cues.render(begin, frames)
        if self._fading is not None:
            envelope = fade_out(begin, frames, self._fading[0])
            voice = voice * envelope if voice is not None else None
            cues = {k: v * envelope for k, v in cues.items()}
        if voice is not None:
            self._channels[VOICE].push(voice)
        for key, block in cues.items():
            self._channels[key].push(block)
        self._pos = begin + frames
        if self._fading is not None and self._pos >= self._fading[0] + FADE_S * SAMPLE_RATE:
            action, self._fading = self._fading[1], None
            self._act(action)

    def _start_speech(self) -> None:
        from vrasmr.sound.speech.stream import SpeechStream

        first = self._order[0] if self._order else None
        words_at = first.start_s if first is not None else self.start_s
        utterance = first.from_utterance if first is not None else 0
        items = self._items(0, utterance, 0.0)
        items.at = words_at - items.lead_in(0, utterance)
        lead = max(words_at - self.scene_offset_s, 0.0)
        self._speech = SpeechStream(
            items,
            gain=self.gain,
            lead_in_s=lead,
            on_start=self._on_start,
            may_start=self._may_start,
            start_at=self._start_at,
            wait=self._wait,
        )
        self._prefetch()

    def _items(self, index: int, utterance: int, at: float) -> ItemSource:
        return ItemSource(
            self._order,
            self.scripts,
            index=index,
            utterance=utterance,
            at=at,
            voice=self.program.voice,
            gap_s=self.program.gap_s,
            window=lambda: self.window,
            pace=self._breath_pace,
            breath_minutes=self._breath_minutes,
        )

    def _breath_minutes(self, part: int) -> float:
        return self.program.parts[part].minutes or DEFAULT_BREATHING_MINUTES

    def _breath_pace(self):
        pace = self.pace_source()
        if pace is None:
            pace = self.night.pace if self.night is not None else None
        return pace or default_pace(self.start_s, self.breathing_bpm)

    def _now_s(self) -> float:
        """Scene seconds at the start of the block being made."""
        return self.scene_offset_s + self._pos / SAMPLE_RATE

    # ---- the speech's hooks (inside a pull) ------------------------------------------------
    def _may_start(self) -> bool:
        if self.gate is not None and not self.gate.phrase_may_start():
            return False
        upcoming = self._speech.upcoming(1) if self._speech is not None else []
        window = self.window
        if not upcoming or window is None:
            return True
        return fits_window(window, upcoming[0], self._now_s(), self._current)

    def _start_at(self, item) -> float | None:
        tag = item.tag
        if not isinstance(tag, Tag) or tag.breath is None:
            return None
        return time_of_cycle(self._breath_pace(), tag.breath) - self.scene_offset_s

    def _on_start(self, started) -> None:
        tag: Tag = started.item.tag
        ours, theirs = self._map
        at = ours + (started.sample - theirs)
        previous = self._current
        silence = at - (self._current_end if previous is not None else 0)
        if silence >= SOFT_AFTER_S * SAMPLE_RATE:
            self._onset = at
        self._current = tag
        self._current_end = at + started.samples
        if previous is None or previous.index != tag.index:
            if previous is not None:
                self._finish(previous)
            if tag.script_id not in self.played:
                self.played.append(tag.script_id)
            self._emit(ProgramEvent("started", tag.script_id, max(tag.utterance, 0)))
            self._paragraph = (tag.index, tag.paragraph)
            self._set_status()
        elif tag.utterance >= 0 and self._paragraph != (tag.index, tag.paragraph):
            self._paragraph = (tag.index, tag.paragraph)
            self._emit(ProgramEvent("progress", tag.script_id, tag.utterance))
        for n, cue in enumerate(tag.cues):
            self._start_cue(tag, n, cue, at)
        for n, cue in enumerate(tag.cues_after, start=len(tag.cues)):
            self._start_cue(tag, n, cue, at + started.samples)
        self._prefetch()

    def _finish(self, tag: Tag) -> None:
        script = self.scripts[tag.script_id]
        last = len(script.utterances) - 1
        if tag.utterance == last:
            self._emit(ProgramEvent("finished", tag.script_id, last))

    def _end(self) -> None:
        self._speech_done = True
        if self._current is not None:
            self._finish(self._current)
        self._emit(ProgramEvent("ended"))
        self._set_status()

    # ---- cues ------------------------------------------------------------------------------
    def _start_cue(self, tag: Tag, n: int, cue, at: int) -> None:
        if TRIGGER_OF[cue.sound] in self.switched_off:
            self.gestures.take(tag, n, cue, wait=False)  # (forget it)
            return
        samples = self.gestures.take(tag, n, cue, wait=self._wait)
        if samples is not None:
            self._cues.start(place_key(cue.place, cue.near), at, samples)

    def _prefetch(self) -> None:
        if self._speech is not None:
            self.gestures.ahead(self._speech.upcoming(PREFETCH_ITEMS))

    # ---- controls, taken up on the sound thread -----------------------------------------------
    def _take_requests(self) -> None:
        while self._requests:
            request = self._requests.popleft()
            if self._speech_done:
                continue
            if request[0] == "resume":
                if self._held and self._fading is None:
                    self._held = False
                    self._set_status()
                continue
            if request[0] == "pause" and self._held:
                continue
            if self._held:  # nothing is sounding: act at once
                self._act(request)
                continue
            self._fading = (self._pos, request)

    def _act(self, request: tuple) -> None:
        """Change course once the fade-out is done (or at once while held)."""
        kind = request[0]
        self._cues.clear()
        self.gestures.clear()
        current = self._current
        index = current.index if current is not None else -1
        if kind == "pause":
            self._held = True
            self._restart_at(*self._resume_point(), RESUME_LEAD_S)
        elif kind == "skip":
            if current is not None:
                self._emit(ProgramEvent("skipped", current.script_id, max(current.utterance, 0)))
            self._restart_at(index + 1, 0, SKIP_GAP_S)
        elif kind == "choose":
            self._order = with_chosen(self._order, self.program, request[1], index)
            self._held = False
            self._restart_at(index + 1, 0, SKIP_GAP_S)
        self._set_status()

    def _resume_point(self) -> tuple[int, int]:
        current = self._current
        if current is None:
            return 0, self._order[0].from_utterance if self._order else 0
        if current.utterance < 0:  # in the breaths: they start again
            script = self.scripts[current.script_id]
            rest = [n for n, u in enumerate(script.utterances) if u.paragraph > 0]
            return current.index, rest[0] if rest else len(script.utterances)
        if self._pos < self._current_end:
            return current.index, current.utterance
        return current.index, current.utterance + 1

    def _restart_at(self, index: int, utterance: int, lead_s: float) -> None:
        items = self._items(index, utterance, self._now_s() + lead_s)
        self._speech.replace_items(items, lead_in_s=lead_s + items.lead_in(index, utterance))
        self._prefetch()

    # ---- what the App and the journal see -------------------------------------------------
    def _emit(self, event: ProgramEvent) -> None:
        if self.on_event is not None:
            try:
                self.on_event(event)
            except Exception:  # the journal's trouble is not the voice's
                _log.exception("recording a program event failed")

    def _set_status(self) -> None:
        self.status = voice_status(
            self.program,
            self.scripts,
            self._current.script_id if self._current is not None else None,
            self.played,
            on=not self._held,
            ended=self._speech_done,
        )
        self.version += 1
