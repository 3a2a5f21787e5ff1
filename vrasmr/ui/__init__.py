"""The in-world menu: a pure model (layout, hit tests, dwell, commands) and a thin GL drawer."""
