"""Each timed round starts as a fresh run would.

Extractors remember what they computed per input (class names, lines, URLs) in bounded
`functools.lru_cache`s; repeating rounds over the same pages in one process would time those
caches, not the work. Emptying every bounded cache in the process before each round (both tools'
alike) keeps what a run loads once (language models, month names: unbounded caches) and forgets
what it learned from the pages.
"""

from __future__ import annotations

import functools
import gc


def clear_input_caches() -> int:
    """Empty every bounded lru_cache in the process; returns how many there were."""
    wrappers = [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, functools._lru_cache_wrapper) and obj.cache_parameters()["maxsize"] is not None
    ]
    for wrapper in wrappers:
        wrapper.cache_clear()
    return len(wrappers)
