"""The cyclic garbage collector around work that allocates many long-lived objects (see ``gc_paused``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while many long-lived objects are made (a report read, a start-up), and file them as
    long-lived after.

    Running, the GC would walk every finding read so far at each collection of the older generations (~2x slower).
    Paused, the first young collection after still walks them all, and a middle-generation one again later, only to
    move them to the oldest generation, where a report that is returned ends up anyway: they are moved there at once
    (``gc.freeze`` then ``gc.unfreeze``, which moves every tracked object there without walking any). The young
    generations are collected first, so nothing else is moved with them (only what another thread makes meanwhile),
    and nothing is moved while the caller keeps objects frozen (``gc.freeze`` before a fork)."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect(1)
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
