"""The errors briefing reports to its caller, each carrying the exit code the command line gives
it (docs/commands.md), so the command line maps every error to its exit code in one place.

A `UsageError` (exit 2) is something the user can fix in the command, the config file, the memo
file or the template; a `FatalError` (exit 3) means the database, the lock or the output cannot be
used. Errors the library handles itself (a rejected input, a failed fetch, a model answer that is
not usable) are `BriefingError`s too; they never reach the command line.
"""
from __future__ import annotations

from typing import Optional

EXIT_OK = 0
EXIT_PARTIAL = 1        # finished, but some inputs were rejected or some memos, feeds or pages failed
EXIT_USAGE = 2
EXIT_FATAL = 3
EXIT_NOTHING_NEW = 4    # `briefing run`: every memo was current, nothing written
EXIT_BUSY = 5           # `briefing run`: another run holds the lock
EXIT_INTERRUPTED = 130


class BriefingError(Exception):
    """An error of briefing's; `exit_code` is what the command line exits with when it ends a command.
    `ingest_report` is what reading the inputs did before the error, when the command got that far
    (its rejections are still the caller's to report)."""

    exit_code = EXIT_FATAL
    ingest_report = None


class UsageError(BriefingError):
    """The command, its options or a file the user named is wrong: the message says what and where."""

    exit_code = EXIT_USAGE


class FatalError(BriefingError):
    """The command cannot go on: the database, the lock file or the output cannot be used."""

    exit_code = EXIT_FATAL


class ArgumentError(UsageError):
    """The command's own arguments do not fit together (a path that does not exist among others, no
    output folder): the command line shows it under the command's usage line."""


class ConfigError(UsageError):
    """The config file cannot be read or is not valid TOML: names the file and the reason."""


class WriterError(UsageError):
    """A writer cannot run (missing model, bad settings): the message says how to fix it."""


class RenderError(UsageError):
    """A template could not be loaded or rendered: names the template, the line and the cause."""

    def __init__(self, template: str, line: Optional[int], cause: str):
        self.template, self.line, self.cause = template, line, cause
        where = f"{template}, line {line}" if line else template
        super().__init__(f"template {where}: {cause}")


class NotFound(UsageError):
    """A story id or article id that the database does not hold."""


class MemoFileError(UsageError):
    """The memo file cannot be read or is not a memo: the message names the file and the reason."""


class StoreError(FatalError):
    """The database cannot be opened or used (path, permissions, corruption, newer schema)."""


class LockError(FatalError):
    """The lock file cannot be created or locked (permissions, a read-only folder)."""


class LockBusy(BriefingError):
    """Another run holds the lock (and did not release it within the wait)."""

    exit_code = EXIT_BUSY
