"""Sleep session: timer and fades, the private journal, learning what helps, bedtime help.

Submodules are imported on demand so that ``import vrasmr.sleep`` stays cheap.
"""
