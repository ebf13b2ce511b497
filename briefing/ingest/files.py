"""Reading input files safely: only regular files, never more than a cap in memory, symlinks kept
inside their folder.

A FIFO in an input folder would block a read forever, a symlink to `/dev/zero` would fill
memory, and a symlink to `/etc/shadow` would be ingested and could be quoted in a memo. So:

- the type is checked before opening (`lstat`/`stat`), and again on the open descriptor
  (opened non-blocking, so a FIFO swapped in between cannot block either): only a regular file
  is read; a FIFO, device, socket or folder is `not-a-file`;
- a read never holds more than `max_bytes` (`too-large` beyond), whatever the file's size says;
- a symlink found inside an input folder is followed only when its target stays inside that
  folder, unless `follow_symlinks` is set (`outside-folder`). A path given on the command line
  is the user's own choice and is followed.

The settings come from the config file's `[input]` table (`policy_from_config`).
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional

from .decode import InputError

DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class InputPolicy:
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # the most any whole-file read holds in memory
    follow_symlinks: bool = False  # follow symlinks in input folders to targets outside the folder


def policy_from_config(config: dict, where: str) -> InputPolicy:
    """The `[input]` table of a loaded config file (`where` names the file in errors); ValueError
    naming the key when a value is wrong."""
    table = config.get("input", {})
    if not isinstance(table, dict):
        raise ValueError(f"config file {where}: input: must be a table ([input])")
    known = {"max_file_bytes", "follow_symlinks"}
    for key in sorted(table):
        if key not in known:
            raise ValueError(f"config file {where}: input.{key}: unknown setting (known: {', '.join(sorted(known))})")
    size = table.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES)
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        raise ValueError(f"config file {where}: input.max_file_bytes: must be a whole number of bytes, at least 1")
    follow = table.get("follow_symlinks", False)
    if not isinstance(follow, bool):
        raise ValueError(f"config file {where}: input.follow_symlinks: must be true or false")
    return InputPolicy(max_file_bytes=size, follow_symlinks=follow)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def kind_of(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_regular(path: Path) -> os.stat_result:
    """The file's status when `path` (its target, for a symlink) is a regular file; else InputError."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("unreadable", "no such file (or a broken symlink)") from None
    except PermissionError:
        raise InputError("unreadable", "permission denied") from None
    except OSError as e:
        raise InputError("unreadable", e.strerror or str(e)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not-a-file", f"{kind_of(info.st_mode)}: only regular files are read")
    return info


def check_inside(path: Path, root: Optional[Path], policy: InputPolicy) -> None:
    """InputError('outside-folder') when `path`, found in the folder `root`, is a symlink (or lies
    under one) whose target is outside `root` and the policy does not follow such links."""
    if root is None or policy.follow_symlinks:
        return
    try:
        target = path.resolve(strict=True)
        top = root.resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link or a loop: the read names it
        return
    if target != top and top not in target.parents:
        raise InputError("outside-folder", "a symlink to a file outside the input folder (not followed; "
                                           "set follow_symlinks = true in [input] to read it)")


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading when it is a regular file: checked before opening and on the
    descriptor (opened non-blocking: a FIFO put there in between does not block)."""
    check_regular(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError("unreadable", "no such file") from None
    except PermissionError:
        raise InputError("unreadable", "permission denied") from None
    except OSError as e:
        if e.errno == errno.EISDIR:
            raise InputError("not-a-file", "a folder: only regular files are read") from None
        raise InputError("unreadable", e.strerror or str(e)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError("not-a-file", f"{kind_of(info.st_mode)}: only regular files are read")
    return os.fdopen(fd, "rb")


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; InputError ('too-large' beyond, never
    reading more than max_bytes + 1, whatever the file's size claims)."""
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            raise InputError("too-large", f"{size:,} bytes (limit {max_bytes:,})")
        try:
            data = f.read(max_bytes + 1)
        except OSError as e:
            raise InputError("unreadable", e.strerror or str(e)) from None
    if len(data) > max_bytes:
        raise InputError("too-large", f"more than {max_bytes:,} bytes (limit {max_bytes:,})")
    return data
