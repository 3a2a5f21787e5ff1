"""Keyboard and mouse for the desktop preview: glfw callbacks to head moves and actions."""

from __future__ import annotations

import glfw

from vrasmr.backends.desktop.head import HeadControl

SHORTCUTS = (
    "drag with the left button  look around",
    "C or Tab                   capture the mouse (look without dragging)",
    "W A S D                    move the head 5 cm",
    "E / Q                      head up / down",
    "R                          recentre",
    "M                          menu (click a card or button to choose)",
    "I or F3                    stats on / off",
    "F12                        screenshot (PNG in this folder)",
    "? or H                     these shortcuts",
    "Esc                        free the mouse, then quit",
)

_NUDGES = {
    glfw.KEY_W: {"back": -1.0},
    glfw.KEY_S: {"back": 1.0},
    glfw.KEY_A: {"right": -1.0},
    glfw.KEY_D: {"right": 1.0},
    glfw.KEY_E: {"up": 1.0},
    glfw.KEY_Q: {"up": -1.0},
}


class DesktopInput:
    """Owns the glfw callbacks; the session reads its flags once per frame."""

    def __init__(self, head: HeadControl, window=None):
        self.head = head
        self.window = window
        self.show_help = False
        self.show_stats = True
        self.screenshot_requested = False
        self.quit_requested = False

    def install(self, window) -> None:
        self.window = window
        h = window.handle
        glfw.set_cursor_pos_callback(h, self.on_cursor)
        glfw.set_mouse_button_callback(h, self.on_mouse_button)
        glfw.set_key_callback(h, self.on_key)
        glfw.set_char_callback(h, self.on_char)

    # ---- callbacks (also called directly by the tests) ------------------------------
    def on_cursor(self, _win, x: float, y: float) -> None:
        self.head.cursor(float(x), float(y))

    def on_mouse_button(self, _win, button: int, action: int, _mods: int) -> None:
        if button == glfw.MOUSE_BUTTON_LEFT:
            self.head.press(action == glfw.PRESS)

    def on_char(self, _win, codepoint: int) -> None:
        if chr(codepoint) == "?":
            self.show_help = not self.show_help

    def on_key(self, _win, key: int, _scancode: int, action: int, _mods: int) -> None:
        if action not in (glfw.PRESS, glfw.REPEAT):
            return
        nudge = _NUDGES.get(key)
        if nudge is not None:
            self.head.nudge(**nudge)
        elif action != glfw.PRESS:
            return
        elif key == glfw.KEY_R:
            self.head.recenter()
        elif key == glfw.KEY_M:
            self.head.request("menu")
        elif key in (glfw.KEY_C, glfw.KEY_TAB):
            self.set_captured(not self.head.captured)
        elif key in (glfw.KEY_I, glfw.KEY_F3):
            self.show_stats = not self.show_stats
        elif key in (glfw.KEY_H, glfw.KEY_F1):
            self.show_help = not self.show_help
        elif key == glfw.KEY_F12:
            self.screenshot_requested = True
        elif key == glfw.KEY_ESCAPE:
            if self.head.captured:
                self.set_captured(False)
            else:
                self.quit_requested = True

    def set_captured(self, on: bool) -> None:
        self.head.set_captured(on)
        if self.window is not None and self.window.handle is not None:
            mode = glfw.CURSOR_DISABLED if on else glfw.CURSOR_NORMAL
            glfw.set_input_mode(self.window.handle, glfw.CURSOR, mode)
