"""One OS file lock (``flock`` on ``<file>.lock``) for every store that several processes
write: the database, the calibration and appeals files, the access log, the dataset registry.

Why one place: the five stores had five copies of the same open-lock-wait-close dance, and
only two of them told a waiting user why nothing happened. The lock is released when the
descriptor closes, so a killed process never leaves it held.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["held"]

_BUSY = (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES)


@contextlib.contextmanager
def held(
    lock: str | Path, *, mode: int = 0o600, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the exclusive lock on ``lock`` for the block (created with ``mode`` if missing).

    ``on_wait`` is called once, before blocking, when another process holds the lock, so the
    caller can say so (a dashboard shows "waiting for another import"). Opening the lock file
    may raise ``OSError``; the caller words it for its user.
    """
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, mode)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in _BUSY:
                raise
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
