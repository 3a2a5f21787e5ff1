"""The three ways a frame reaches a person, each driving the same :class:`vrasmr.app.App`:
``headless`` (a virtual clock, frames and sound to files), ``desktop/`` (a glfw window, the
mouse as the head) and ``openxr/`` (a headset). ``scene/`` and ``sound/`` never import them.
"""
