"""The bookkeeping of one `briefing run`: its log file, what ended it, the problems to name, its
status and summary line, and the report a caller prints (`briefing run --json`)."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from ..errors import EXIT_FATAL, EXIT_NOTHING_NEW, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from ..printable import plain
from .runner import RunReport

RUN_STATUS = {EXIT_OK: "updated", EXIT_PARTIAL: "partial failure", EXIT_USAGE: "usage error", EXIT_FATAL: "fatal",
              EXIT_NOTHING_NEW: "nothing new"}


class RunLog:
    """`--log-file`: timestamped lines appended to a file (opened per line: a killed run loses nothing).

    A log file that cannot be written is reported once through `warn(path, reason)` and then left
    alone: the run goes on without it."""

    def __init__(self, path: Optional[Path], warn: Optional[Callable[[Path, str], None]] = None):
        self.path = path
        self.warn = warn

    def line(self, message: str) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # non-blocking: a FIFO put at the log's path must not hang the run
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
            with open(fd, "a", encoding="utf-8") as f:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise OSError(0, "not a regular file")
                f.write(f"{datetime.now(timezone.utc).isoformat(timespec='seconds')} {message}\n")
        except OSError as e:
            if self.warn is not None:
                self.warn(self.path, str(e.strerror or e))
            self.path = None

    def with_progress(self, progress: Optional[Callable[..., None]]) -> Optional[Callable[..., None]]:
        """A progress callback that logs each step and also passes it on to `progress`."""
        if self.path is None:
            return progress

        def step(message: str, *counts) -> None:
            self.line(message)
            if progress:
                progress(message, *counts)
        return step


@dataclass
class RunOutcome:
    """What one `briefing run` did (`report`, filled as the run went), with which writer, how it
    ended (`exit_code`) and, when an error ended it early, that error (a broken template, an output
    folder or database that cannot be written)."""

    report: RunReport
    writer: str
    exit_code: int
    error: Optional[str] = None

    @property
    def status(self) -> str:
        return RUN_STATUS[self.exit_code]

    @property
    def summary(self) -> str:
        """The run's last line, for the terminal, the log and monitoring."""
        return f"briefing run: {self.report.summary_line()} -> {self.status} (exit {self.exit_code})"

    def problems(self) -> list[tuple[str, str]]:
        """Every feed, page, file and memo that failed, as (what happened, to what and why): e.g.
        ("failed", "memo of s-1: ..."). A reason common to every memo's fallback is said once."""
        report = self.report
        found: list[tuple[str, str]] = []
        if report.feeds is not None:
            found += [("failed", f"{f.kind} {f.url}: {f.reason}" + (f" - {f.detail}" if f.detail else "")
                       + (" (retried next run)" if f.url not in report.feeds.summaries else ""))
                      for f in report.feeds.failures]
            found += [("rejected", f"{r.path} ({r.record}): {r.reason}" + (f" - {r.detail}" if r.detail else ""))
                      for r in report.feeds.ingest.rejected]
        found += [("failed", f"memo of {story_id}: {reason}") for story_id, reason in report.failed]
        common_fallback = report.common_fallback()  # e.g. a bad API key: said once, and the run failed
        found += ([("failed", f"writer {self.writer}: every memo fell back to the extractive writer: {common_fallback}")]
                  if common_fallback else
                  [("fell back", f"to the extractive writer for {story_id}: {reason}")
                   for story_id, reason in report.fallbacks])
        return found

    def to_dict(self) -> dict:
        return {**self.report.to_dict(), "status": self.status, "exit_code": self.exit_code,
                **({"error": self.error} if self.error else {})}

    def log_end(self, log: RunLog) -> None:
        """The run's end in its log: the error that ended it, every problem, the summary line."""
        if self.error:
            log.line(f"error: {plain(self.error)}")
        for verb, text in self.problems():
            log.line(plain(f"{verb} {text}"))
        log.line(self.summary)
