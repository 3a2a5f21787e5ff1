"""The renderer's contract: the GL Renderer implements SceneRenderer call for call, and the
App reaches the renderer through nothing else (real EGL renderer, real scenes, a session
with a menu and a scene switch)."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest

from tests.app_fixtures import write_user_scene
from tests.render_fixtures import gl_context  # noqa: F401  (provides the `gl` fixture)
from vrasmr.app import App
from vrasmr.render.contract import SceneRenderer
from vrasmr.render.renderer import Renderer
from vrasmr.session.switch import CROSSFADE_S

CONTRACT = sorted(
    {name for name in vars(SceneRenderer) if not name.startswith("_")}
    | set(SceneRenderer.__annotations__)
)


def _shape(fn) -> list[tuple]:
    """How a call on an instance passes its arguments: (name, kind, default) of each
    parameter after ``self`` (a static method has none), annotations left out."""
    params = list(inspect.signature(fn).parameters.values())
    return [(p.name, p.kind, p.default) for p in params if p.name != "self"]


@pytest.mark.parametrize("name", CONTRACT)
def test_the_renderer_has_every_call_of_the_contract(name):
    want = inspect.getattr_static(SceneRenderer, name, None)
    got = inspect.getattr_static(Renderer, name, None)
    if want is None:  # a data attribute: the renderer sets it on construction
        assert name in inspect.signature(Renderer.__init__).parameters
        return
    assert got is not None, f"Renderer has no {name}"
    if isinstance(want, property):
        assert isinstance(got, property), f"Renderer.{name} is not a property"
        return
    assert _shape(getattr(Renderer, name)) == _shape(getattr(SceneRenderer, name))


def test_the_app_draws_with_the_renderers_argument_order():
    # state, view, target, size: one order from the backend through the App to the renderer
    assert _shape(App.draw) == _shape(SceneRenderer.draw)


class OnlyTheContract:
    """Stands between the App and a real Renderer; anything outside the contract fails."""

    def __init__(self, renderer: Renderer):
        self._renderer = renderer
        self.used: set[str] = set()

    def __getattr__(self, name: str):
        if name not in CONTRACT:
            raise AssertionError(f"the App used renderer.{name}, which SceneRenderer lacks")
        self.used.add(name)
        return getattr(self._renderer, name)


def test_the_app_reaches_the_renderer_only_through_the_contract(gl):
    from vrasmr.backends.headless import HeadlessSession
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.engine import open_engine

    ctx, programs = gl
    write_user_scene("contract-a")
    write_user_scene("contract-b", x=-1.0)
    with ctx:  # (this context current, whatever another test made current)
        renderer = OnlyTheContract(Renderer(ctx, programs))
        app = App(load_scene("contract-a", seed=1), open_engine("silent"), renderer)
        session = HeadlessSession(app, ctx, size=(32, 24), fps=30.0)
        try:
            session.step(draw=True, audio=False)
            frame = session.frame_at(session.clock.tick())
            app.step(replace(frame, buttons=frozenset({"menu"})))
            session.step(draw=True, audio=False)  # the menu draws with the renderer's context
            assert app.menu.visible and not app.problems
            app.switch_scene("contract-b", seed=1)
            app.wait_for_switch()
            for _ in range(round(CROSSFADE_S * 30) + 2):  # built a step a frame, then swapped
                session.step(draw=True, audio=False)
            assert app.scene.scene.id == "contract-b" and not app.problems
        finally:
            session.close()
            app.close("test")
    assert renderer.used >= {"set_layers", "begin_layers", "build_step", "swap_layers"}
    assert renderer.used >= {"import_layers", "draw", "ctx", "programs", "release"}
