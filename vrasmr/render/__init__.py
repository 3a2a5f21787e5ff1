"""Rendering with moderngl: contexts, shader programs, the layer renderer and its post pass."""
