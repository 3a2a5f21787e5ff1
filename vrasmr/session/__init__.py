"""Assembling a session: a scene file into voices, layers and a runtime (``assets``), an App
for a backend with its engine, journal and menu (``factory``), and a scene written to a
binaural file (``export``). Backends call it; it calls scene/, sound/, render/ and sleep/.
"""
