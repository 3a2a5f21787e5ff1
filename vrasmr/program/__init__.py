"""Voice programs: what a scene's voice says over a night, planned at load from the timer,
the journal and a seed, and played on the sound thread with its cues.

``plan`` picks tonight's scripts (pure); ``history`` reads past nights from the journal;
``items`` turns a plan into speech items; ``cues`` makes the sounds a role play's cues
start; ``player`` is the stream the engine pulls and the controls the menu uses.
"""
