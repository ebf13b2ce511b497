"""One `briefing run` at a time per database: an OS file lock (flock) on `<database>.lock`.

The lock is held for the whole run. A second run waits up to `wait` seconds for it, then
gives up with `LockBusy`, which names the process holding it. The operating system releases
the lock when the holding process ends in any way (including `kill -9`), so a stale lock file
never blocks anyone: the file stays, the lock does not.

The lock file is opened without following a symlink and must be a regular file with one name
(no hard link elsewhere), and it is never truncated: the holder's note is written over a fixed
width. Someone who plants a link at `<database>.lock` gets an error, not a damaged file.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from ..errors import LockBusy, LockError

POLL_SECONDS = 0.2
HOLDER_WIDTH = 80  # bytes of the holder's note, padded with spaces: written over, never truncated


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class RunLock:
    """`with RunLock(path, wait=0):` holds an exclusive lock on `path` for the block."""

    def __init__(self, path: Path, wait: float = 0.0):
        self.path = Path(path)
        self.wait = max(0.0, float(wait))
        self._fd: Optional[int] = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o600)
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise LockError(f"lock file {self.path} is a symbolic link: remove it (this run did nothing)") from None
            raise LockError(f"cannot create lock file {self.path}: {e.strerror or e}") from None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            os.close(fd)
            what = "not a regular file" if not stat.S_ISREG(info.st_mode) else "a hard link to another file"
            raise LockError(f"lock file {self.path} is {what}: remove it (this run did nothing)")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    os.close(fd)
                    raise LockError(f"cannot lock {self.path}: {e.strerror or e}") from None
                if time.monotonic() >= deadline:
                    holder = _read_holder(fd)
                    os.close(fd)
                    waited = f" after waiting {self.wait:g} s" if self.wait else ""
                    raise LockBusy(f"another briefing run holds {self.path}{waited}"
                                   + (f" ({holder})" if holder else "")
                                   + "; this run did nothing (use --wait SECONDS to wait for it)") from None
                time.sleep(POLL_SECONDS)
        # who holds it, for the message another run prints; the lock itself is the flock, not this text
        _write_holder(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc).isoformat(timespec='seconds')}")
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                _write_holder(self._fd, "")
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "RunLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _write_holder(fd: int, note: str) -> None:
    try:
        os.pwrite(fd, note.encode()[:HOLDER_WIDTH - 1].ljust(HOLDER_WIDTH - 1) + b"\n", 0)
    except OSError:
        pass  # the note is for people; the flock is the lock


def _read_holder(fd: int) -> str:
    try:
        return os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
