"""The desktop preview: the App in a glfw window with the mouse as the head.

``session`` runs the loop; ``window``, ``head``, ``input``, ``overlay``, ``pacing``,
``render_scale``, ``upscale``, ``reload`` and ``stats`` are its parts; ``xvfb`` starts a
virtual display for tests and headless machines. The loop's public names are re-exported
here on first use, so importing one part does not import the loop.
"""

__all__ = ["DesktopSession", "PreviewOptions", "open_preview", "options_from_args", "run_desktop"]


def __getattr__(name: str):
    if name in __all__:
        from vrasmr.backends.desktop import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
