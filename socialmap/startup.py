"""A process starts without the cyclic garbage collector (issue #13: the first answer within 1 s).

Importing Flask, SQLAlchemy, Whoosh and every feature's models and building the app makes ~130,000
objects that live as long as the process, and hardly any garbage cycles. The collector still walks
them again and again while they are being made: ~140 ms of a ~1.05 s first answer at 50k services,
measured with gc.callbacks on a quiet machine (~250 ms under load). So `import socialmap` turns
collection off, and the first `create_app()` turns it back on after freezing what exists then
(gc.freeze: out of the collector's sight for good). Python's documentation recommends the same
freeze before a pre-fork server starts its workers: their collections then leave shared pages alone.

A process that imports socialmap and never builds an app (the Alembic environment run on its own, a
tool in tools/) runs without the collector; such runs are short, and reference counting still frees
everything that is not part of a cycle.
"""

import gc

_paused = gc.isenabled()  # a process that turned collection off itself keeps it off
gc.disable()


def app_built() -> None:
    """The first app is built: freeze what the start made and collect from now on."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
