"""The headset main loop: session lifecycle, frame pacing, holding the sound while off.

Pure orchestration over :class:`~.contracts.XrRuntime` and :class:`~.contracts.HeadsetApp`,
so it runs in unit tests against scripted fakes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vrasmr.frame import Frame, View
from vrasmr.gc_policy import GCPolicy
from vrasmr.xmath import Pose

from .contracts import (
    HeadsetApp,
    InstanceLost,
    PresenceChanged,
    SpaceChanged,
    StateChanged,
    Tracked,
    XrRuntime,
)
from .converters import fov_from_floats, seconds_between
from .placement import WorldPlacement
from .pointers import GazeDwell, gaze_pointer, pointer_from_pose
from .presence import Presence
from .states import SessionAction, SessionState, action_for_state, frames_running, should_render

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_LOST = 1
# Why the App's session ended, in the journal's words (vrasmr.sleep.journal.END_REASONS).
REASON_USER = "user"  # the runtime ended the session (the person quit, or --frames ran out)
REASON_INTERRUPTED = "interrupted"
REASON_ERROR = "error"  # the runtime went away, or the loop failed
SESSION_LOST_ERRORS = frozenset({"SessionLostError"})  # pyopenxr's XR_ERROR_SESSION_LOST
NO_PLACEMENT = Pose()
NO_BUTTONS, MENU_BUTTON, RECENTER_BUTTON = frozenset(), frozenset({"menu"}), frozenset({"recenter"})


@dataclass(frozen=True)
class LoopOptions:
    """Tunables of the headset loop."""

    bed_mode: bool = True
    eye_height: float = 0.0
    idle_sleep_s: float = 0.1  # between event polls while no frames run
    rebuild_delay_s: float = 2.0  # after LOSS_PENDING, before trying a new session
    exit_grace_s: float = 3.0  # after asking the runtime to exit, before giving up on it
    recenter_hold_s: float = 1.5  # holding menu this long recentres
    gaze_dwell_s: float | None = 2.0  # None: no hands-free gaze select
    max_frames: int = 0  # > 0: ask the runtime to exit after this many submitted frames


class HeadsetLoop:
    """Drives one headset run; :meth:`run` returns the exit status."""

    def __init__(
        self,
        runtime: XrRuntime,
        app: HeadsetApp,
        options: LoopOptions = LoopOptions(),
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        stop_requested: Callable[[], bool] = lambda: False,
    ) -> None:
        """``stop_requested`` is read once a pass: True (SIGTERM, SIGHUP; see
        :mod:`vrasmr.backends.signals`) winds the session down as Ctrl-C does."""
        self.runtime, self.app, self.options = runtime, app, options
        self.clock, self.sleep = clock, sleep
        self.stop_requested = stop_requested
        self.state = SessionState.IDLE
        self.begun = False
        # XR_EXT_user_presence, where the runtime senses it; else the session state alone
        self.presence = Presence(sensed=bool(getattr(runtime, "user_presence", False)))
        self.holding = False
        self.finished: int | None = None
        # tracking → world: placed from the first good head pose, glided after a runtime
        # recentre, re-levelled for side-lying (bed mode)
        self.placement = WorldPlacement(bed_mode=options.bed_mode, eye_height=options.eye_height)
        self.last_head: Pose | None = None
        self.start_ns: int | None = None
        self.rebuild_at: float | None = None
        self.exit_deadline: float | None = None
        self._menu_down_since: float | None = None
        self._recenter_fired = False
        self.gaze = GazeDwell(options.gaze_dwell_s) if options.gaze_dwell_s else None
        self.bed_mode = options.bed_mode  # the menu can switch it (FrameState.bed_mode)
        if getattr(app, "bed_mode", False) is None:
            app.bed_mode = self.bed_mode  # so the menu shows what the headset does
        self.gc = GCPolicy()  # no automatic collections while frames are shown
        self.frames_submitted = 0  # xrEndFrame calls
        self.frames_drawn = 0  # ... of which carried the projection layer
        self.states_seen: list[SessionState] = []

    # -- public -----------------------------------------------------------------------------
    def run(self) -> int:
        """Loop until the runtime exits the session (or is lost); close the app either way."""
        reason = REASON_ERROR
        self.gc.after_load()
        try:
            interrupted = False
            while self.finished is None:
                if not interrupted and self.stop_requested():
                    log.info("asked to stop: ending the headset session")
                    self.request_exit()
                    interrupted = True
                    continue
                try:
                    self.tick()
                except KeyboardInterrupt:
                    self.request_exit()
                    interrupted = True
            if interrupted:
                reason = REASON_INTERRUPTED
            elif self.finished == EXIT_OK:
                reason = REASON_USER
        finally:
            log.info(
                "headset loop ended (%s): %d frames submitted, %d with layers; states %s",
                reason,
                self.frames_submitted,
                self.frames_drawn,
                " ".join(s.name for s in self.states_seen),
            )
            self.gc.close()
            try:
                self.app.close(self.presence.end_reason(reason))
            finally:
                self.runtime.close()
        return self.finished

    def request_exit(self) -> None:
        """Ask the runtime to wind the session down; give up after ``exit_grace_s``."""
        if self.exit_deadline is not None:
            return
        self.exit_deadline = self.clock() + self.options.exit_grace_s
        if self.begun:
            try:
                self.runtime.request_exit()
                return
            except Exception as exc:  # noqa: BLE001 - exiting anyway
                log.warning("xrRequestExitSession failed: %s", exc)
        self.finished = EXIT_OK

    @property
    def world_from_tracking(self) -> Pose | None:
        """The world placement (None until the next good head pose places it)."""
        return self.placement.world

    def recenter(self) -> None:
        """Recompute the world placement from the next good head pose."""
        self.placement.recenter()

    def tick(self) -> None:
        """One pass: events, session rebuild, then a frame or an idle pause."""
        for event in self.runtime.poll_events():
            self._handle(event)
            if self.finished is not None:
                return
        if self.exit_deadline is not None and self.clock() >= self.exit_deadline:
            self.finished = EXIT_OK
            return
        self._maybe_rebuild()
        if frames_running(self.state, self.begun):
            try:
                self._frame()
            except Exception as exc:
                if type(exc).__name__ not in SESSION_LOST_ERRORS:
                    raise
                log.warning("OpenXR session lost (%s); rebuilding", type(exc).__name__)
                self._on_state(SessionState.LOSS_PENDING)
        else:
            self._hold()
            self.gc.between_frames(self.options.idle_sleep_s)  # no frames: time to collect
            self.sleep(self.options.idle_sleep_s)

    # -- events -----------------------------------------------------------------------------
    def _handle(self, event) -> None:
        if isinstance(event, StateChanged):
            self._on_state(event.state)
        elif isinstance(event, PresenceChanged):
            self.presence.changed(event.present)
        elif isinstance(event, SpaceChanged):  # the runtime recentred: no jump, a glide
            self.placement.space_changed(event.change_time_ns, event.previous_from_new)
        elif isinstance(event, InstanceLost):
            log.error("the OpenXR runtime is going away")
            self.finished = EXIT_LOST

    def _on_state(self, state: SessionState) -> None:
        log.info("OpenXR session state %s", state.name)
        self.states_seen.append(state)
        self.state = state
        action = action_for_state(state)
        if action is SessionAction.BEGIN:
            self.runtime.begin_session()
            self.begun = True
        elif action is SessionAction.END:
            self.runtime.end_session()
            self.begun = False
        elif action is SessionAction.REBUILD:
            self._hold()
            try:
                self.runtime.destroy_session()
            except Exception as exc:  # noqa: BLE001 - a lost session may not destroy cleanly
                log.warning("destroying the lost session failed: %s", exc)
            self.begun = False
            self.presence.session_started()  # the new session's runtime will say again
            self.state = SessionState.IDLE
            self.rebuild_at = self.clock() + self.options.rebuild_delay_s
        elif action is SessionAction.EXIT:
            self.finished = EXIT_OK

    def _maybe_rebuild(self) -> None:
        if self.rebuild_at is None or self.clock() < self.rebuild_at:
            return
        try:
            self.runtime.create_session()
            self.rebuild_at = None
        except Exception as exc:  # noqa: BLE001 - the headset may come back later
            log.info("OpenXR session not rebuilt yet (%s); retrying", exc)
            self.rebuild_at = self.clock() + self.options.rebuild_delay_s

    # -- frames -----------------------------------------------------------------------------
    def _frame(self) -> None:
        timing = self.runtime.wait_frame()
        started = time.perf_counter()
        self.runtime.begin_frame()
        drew = stepped = False
        if should_render(self.state, timing.should_render, self.presence.present):
            tracked = self.runtime.locate(timing.display_time_ns)
            if tracked is not None:
                drew = self._step_and_draw(timing.display_time_ns, tracked)
                stepped = True
        self.runtime.end_frame(timing.display_time_ns, drew)
        # what is left of this frame's period goes to a young collection, if it is due
        self.gc.between_frames(max(timing.period_ns * 1e-9 - (time.perf_counter() - started), 0))
        self.frames_submitted += 1
        self.frames_drawn += drew
        if not stepped:
            self._hold()
        if 0 < self.options.max_frames <= self.frames_submitted:
            self.request_exit()

    def _step_and_draw(self, display_time_ns: int, tracked: Tracked) -> bool:
        """Step the App; draw unless it says there is nothing to see (asleep, the picture
        black: the frame goes with no layers, sparing heat and battery). True: drawn."""
        if self.start_ns is None:
            self.start_ns = display_time_ns
        time_s = seconds_between(display_time_ns, self.start_ns)
        head_row = tracked.head_row
        self.placement.update(
            display_time_ns, time_s, tracked.head if head_row is None else head_row
        )
        frame = self.frame_from_tracked(tracked, time_s)
        self.holding = False
        self.last_head = frame.head
        state = self.app.step(frame)
        if getattr(state, "recenter_requested", False):
            self.recenter()
        self._follow_bed_mode(getattr(state, "bed_mode", None))
        if getattr(state, "render_idle", False):
            return False

        def draw(index: int, view: View, fbo: Any, size: tuple[int, int], srgb: bool) -> None:
            self.app.draw(state, view, fbo, size, encode_srgb=srgb)

        self.runtime.render(frame.views, draw)
        return True

    def _follow_bed_mode(self, wanted: bool | None) -> None:
        """The menu switched bed mode: place the world again from the next head pose."""
        if wanted is None or bool(wanted) == self.bed_mode:
            return
        log.info("bed mode %s", "on" if wanted else "off")
        self.bed_mode = self.placement.bed_mode = bool(wanted)
        self.recenter()

    def frame_from_tracked(self, tracked: Tracked, time_s: float) -> Frame:
        """Map what the runtime located into the world and build the App's Frame."""
        world = self.world_from_tracking or NO_PLACEMENT
        to_world, from_row = world.compose, world.compose_floats
        head_row = tracked.head_row
        head = to_world(tracked.head) if head_row is None else from_row(head_row)
        rows = tracked.view_rows
        if rows is not None:  # straight from the runtime's floats: no tracking-space views
            views = tuple(View(from_row(r), fov_from_floats(*r[7:11])) for r in rows)
        else:
            views = tuple(View(to_world(v.pose), v.fov) for v in tracked.views)
        gaze = gaze_pointer(head, time_s, self.gaze)
        buttons = NO_BUTTONS
        if not tracked.aims and not tracked.menu_held:  # no controller in hand: most frames
            self._menu_down_since, self._recenter_fired = None, False
            return Frame(time_s, head, views, (gaze,), buttons, True)
        pointers = [
            pointer_from_pose(name, to_world(pose), name in tracked.select_pressed)
            for name, pose in sorted(tracked.aims.items())
        ]
        pointers.append(gaze)
        if tracked.menu_pressed:
            buttons = MENU_BUTTON
        if self._recenter_long_press(tracked.menu_held):
            buttons = buttons | RECENTER_BUTTON
            self.recenter()
        return Frame(time_s, head, views, tuple(pointers), buttons, True)

    def _recenter_long_press(self, held: bool) -> bool:
        if not held:
            self._menu_down_since, self._recenter_fired = None, False
            return False
        now = self.clock()
        if self._menu_down_since is None:
            self._menu_down_since = now
        if not self._recenter_fired and now - self._menu_down_since >= self.options.recenter_hold_s:
            self._recenter_fired = True
            return True
        return False

    def _hold(self) -> None:
        """Frames stopped: the App keeps the last listener pose, the audio thread goes on."""
        if not self.holding:
            self.holding = True
            if self.gaze is not None:
                self.gaze.reset()
            self.app.audio_hold()


@dataclass(frozen=True)
class HeadsetOptions:
    """How the OpenXR session is set up."""

    reference_space: str = "local"  # "local" (default, lying down friendly) or "stage"
    srgb_override: bool | None = None  # correct runtimes that disagree about sRGB swapchains
    near: float = 0.05
    far: float = 100.0
    mirror_eye: int = 0  # which eye the mirror window shows
    loop: LoopOptions = field(default_factory=LoopOptions)
