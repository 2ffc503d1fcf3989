"""Values kept for the rest of one script run of the entry script (``dashboard.py``).

Why: a page asks for the same things many times in one run (:func:`ui.cache.version` a few
dozen times: once per table, figure and section), each time through the dataset's file, a
cache lookup and a stat; what they say cannot change within the run unless the run writes
(an import, a deletion: :func:`ui.cache.clear` forgets the memo). A run that is not the entry
script's (a page run alone, :func:`ui.shell.ensure_entry`) keeps nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

__all__ = ["clear", "end", "get", "start"]

T = TypeVar("T")

# a script run happens on one thread, start to finish
_run = threading.local()


def start() -> None:
    """An entry run begins: nothing kept yet."""
    _run.memo = {}


def end() -> None:
    """The entry run ended: keep nothing for the thread's next run."""
    _run.memo = None


def clear() -> None:
    """Forget what this run kept (the run wrote the database)."""
    memo = getattr(_run, "memo", None)
    if memo is not None:
        memo.clear()


def get(key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per entry run and ``key``; every time outside an entry run."""
    memo = getattr(_run, "memo", None)
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]
