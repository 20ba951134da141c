"""A per-page time budget, checked cooperatively by the extraction loops.

Python cannot interrupt a worker thread, and Prefect runs tasks in threads, so the loops that
grow with page size call `check()`; a page over its budget becomes a reject, not a stuck batch.
The C parts (libxml2 parsing, XPath) are linear and fast enough to need no check.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

PAGE_BUDGET_SECONDS = 10.0
_DEADLINE: ContextVar[float | None] = ContextVar("wirenorm_page_deadline", default=None)


class BudgetExceeded(RuntimeError):
    """The page took longer than its processing budget."""


@contextmanager
def page_budget(seconds: float | None) -> Iterator[None]:
    """Give the code inside `seconds` of wall time (None: no limit)."""
    token = _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetExceeded("page exceeded its processing time budget")
