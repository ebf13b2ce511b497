"""What one `briefing run` will do: its options over the config file's job settings, checked before
anything is read, fetched or written (a mistyped path stops the run at once, not after every memo)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from ..config import config_path, job_settings, load_config
from ..errors import ArgumentError, UsageError
from ..ingest.files import InputPolicy, policy_from_config

DEFAULT_FORMATS = ("md", "html")


@dataclass
class RunPlan:
    """The settled settings of one run: where memos go, in which formats, from which sources."""

    out_dir: str
    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    paths: list[str] = field(default_factory=list)    # files and folders to ingest
    feeds: list[str] = field(default_factory=list)    # RSS/Atom feed URLs
    template: Optional[str] = None
    fetch: dict = field(default_factory=dict)         # Fetcher settings
    keep_days: Optional[int] = None
    wait: float = 0.0                                 # seconds to wait for another run's lock
    log_file: Optional[Path] = None
    policy: Optional[InputPolicy] = None              # what input files may be read


def input_policy(config_file: Optional[str | os.PathLike] = None, config: Optional[dict] = None) -> InputPolicy:
    """What input files may be read: the config file's [input] table; UsageError naming the key and
    the file when it is wrong."""
    where = str(config_path(str(config_file) if config_file else None))
    try:
        return policy_from_config(load_config(str(config_file) if config_file else None) if config is None
                                  else config, where)
    except ValueError as e:
        raise UsageError(str(e)) from None


def plan_run(config_file: Optional[str | os.PathLike] = None, paths: Iterable[str | os.PathLike] = (),
             feeds: Iterable[str] = (), out_dir: Optional[str | os.PathLike] = None,
             formats: Optional[Iterable[str]] = None, template: Optional[str | os.PathLike] = None,
             keep_days: Optional[int] = None, wait: Optional[float] = None,
             log_file: Optional[str | os.PathLike] = None) -> RunPlan:
    """The run's settings: each given argument, else the config file's (`config_file`, else
    BRIEFING_CONFIG, else the default file). With `paths` or `feeds`, the config file's [sources]
    are not read. Raises `ConfigError` for a config file that is wrong (naming the file and the
    key), `ArgumentError` when nothing says where to write, and `UsageError` naming every path that
    does not exist (given, or in [sources] folders) or a missing [output] template."""
    name = str(config_file) if config_file else None
    path = config_path(name)
    config = load_config(name)
    job = job_settings(config, path)
    out = out_dir or job.out
    if not out:
        raise ArgumentError("nothing says where to write the memos: give --out DIR (and PATHs or --feed URLs to "
                            "read), or a config file with an [output] dir: `briefing init` writes one, then "
                            "`briefing run --config briefing.toml`")
    chosen_formats = list(dict.fromkeys(formats or job.formats or DEFAULT_FORMATS))
    if template is None and job.template is not None:
        if not job.template.exists():
            raise UsageError(f"config file {path}: output.template: no such file or folder: {job.template}")
        template = job.template
    paths, feeds = [str(p) for p in paths], list(feeds)
    given = bool(paths or feeds)
    sources = (paths, feeds) if given else ([str(f) for f in job.folders], job.feeds)
    missing = [p for p in sources[0] if not Path(p).exists() and not Path(p).is_symlink()]
    if missing:
        where = "" if given else f"config file {path}: sources.folders: "
        raise UsageError(f"{where}no such file or folder: {', '.join(missing)}")
    return RunPlan(out_dir=str(out), formats=chosen_formats, paths=sources[0], feeds=sources[1],
                   template=str(template) if template is not None else None, fetch=job.fetch,
                   keep_days=keep_days or job.keep_days, wait=job.wait if wait is None else wait,
                   log_file=Path(log_file) if log_file else job.log_file,
                   policy=input_policy(name, config))
