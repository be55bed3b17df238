"""The pipeline's monthly slices (``PipelineSlice``), kept so the recruiting analytics read a few thousand slice
rows instead of every application and stage move (issue 20: each page under 300 ms over 100,000 applications).

- ``collect``: what a slice holds, computed from the applications and moves themselves — the one definition the
  rebuild, the upkeep and the read of part-months all use;
- ``store``: keeping slices equal to that definition (``touch`` after a write, ``batch`` for many, ``rebuild``,
  ``check``), each recomputed slice locked so two writers cannot lose each other's move;
- ``read``: the slices of a period and scope — whole months from the table, the days of part-months at either
  end collected on the fly;
- ``receivers``: the model signals that touch slices when an application or a move is saved or deleted.
"""
