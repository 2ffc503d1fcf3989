"""A process-wide memo of built things (figures, worded tables), the least recently used
dropped beyond a bound.

Why not ``st.cache_data``: it pickles a value in and out on every hit, which for a page's
tables cost more than the statistics it shows; a built figure or a worded frame is never
changed once built (Polars frames are immutable, a figure is only serialised), so one object
can serve every session. The caller's key must name everything the value shows, and who is
looking (:func:`ui.charts.figure`, :func:`ui.tables.show` add the viewer)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["Memo"]

V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, at most ``size`` of them (the least recently used dropped)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.items: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = build()  # outside the lock: two sessions may build the same value once each
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
