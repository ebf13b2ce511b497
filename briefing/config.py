"""Settings: where the database lives, and which writer writes memos with which settings.

Precedence, lowest first: built-in defaults < the config file < environment variables < flags.

- Database: `--db`, then BRIEFING_DB, then `$XDG_DATA_HOME/briefing/briefing.db` (on Linux
  `~/.local/share/briefing/briefing.db`; platformdirs picks the equivalent elsewhere).
- Config file: `--config`, then BRIEFING_CONFIG, then `$XDG_CONFIG_HOME/briefing/config.toml`
  (`~/.config/briefing/config.toml`). TOML: a top-level `writer = "NAME"` and one table per
  writer with its settings, e.g. `[llama]` `model = "/models/x.gguf"`, `n_ctx = 4096`, or
  `[openai]` `base_url`, `model`, `api_key`, `timeout`, `retries`, `concurrency`.
- Environment: BRIEFING_WRITER (writer name), BRIEFING_MODEL (model file or name), and for the
  openai writer OPENAI_API_KEY and OPENAI_BASE_URL.
- The scheduled job (`briefing run --config briefing.toml`): `[sources]` feeds and folders,
  `[output]` dir, formats and template, `[run]` keep_days, wait and log_file, `[fetch]`
  timeout, max_bytes, max_redirects, user_agent, page_budget and allow_private
  (`job_settings`; EXAMPLE_CONFIG is what `briefing init` writes). Relative paths are
  relative to the config file's folder.
"""
from __future__ import annotations

import inspect
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import ConfigError

ENV_DB = "BRIEFING_DB"
ENV_CONFIG = "BRIEFING_CONFIG"
ENV_WRITER = "BRIEFING_WRITER"
ENV_MODEL = "BRIEFING_MODEL"
DEFAULT_WRITER = "llama"
_WRITER_ENV = {"openai": {"OPENAI_API_KEY": "api_key", "OPENAI_BASE_URL": "base_url"}}


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefing", appauthor=False)) / "briefing.db"


def resolve_db_path(flag: Optional[str] = None) -> Path:
    if flag:
        return Path(flag).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("briefing", appauthor=False)) / "config.toml"


def config_path(flag: Optional[str] = None) -> Path:
    """The config file in use: `--config`, else BRIEFING_CONFIG, else the default (which may not exist)."""
    named = flag or os.environ.get(ENV_CONFIG)
    return Path(named).expanduser() if named else default_config_path()


def load_config(flag: Optional[str] = None) -> dict:
    """The config file's settings; {} when no file was named and the default file does not exist."""
    named = flag or os.environ.get(ENV_CONFIG)
    path = config_path(flag)
    if not path.exists():
        if named:
            raise ConfigError(f"config file {path}: no such file")
        return {}
    if not path.is_file():  # a FIFO or device would block the read or never end
        raise ConfigError(f"config file {path}: not a regular file")
    try:
        with path.open("rb") as f:
            config = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path}: not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"config file {path}: {e.strerror or e}") from None
    check_known(config, path)
    return config


# What each table of the scheduled job may hold. A misspelt key (`feed` for `feeds`, an
# `[outputs]` table) would otherwise be ignored and the job would quietly do less than asked.
JOB_KEYS = {"sources": ("feeds", "folders"), "output": ("dir", "formats", "template"),
            "run": ("keep_days", "wait", "log_file")}


def check_known(config: dict, path: Path) -> None:
    """ConfigError naming the file and the first unknown table or key."""
    from .writers import available_writers

    tables = {*JOB_KEYS, "fetch", "input", *available_writers()}
    for key in config:
        if key == "writer":
            continue
        if key not in tables:
            raise ConfigError(f"config file {path}: unknown setting {key!r} (known: writer and the tables "
                              f"{', '.join(f'[{t}]' for t in sorted(tables))})")
    for table, known in JOB_KEYS.items():
        value = config.get(table)
        if isinstance(value, dict):
            for key in value:
                if key not in known:
                    raise ConfigError(f"config file {path}: [{table}] has no setting {key!r} "
                                      f"(known: {', '.join(known)})")
    # every writer's table, not only the chosen one's: a misspelt setting of the writer a later run
    # chooses is found now, named with its file
    for name, entry in available_writers().items():
        value = config.get(name)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"config file {path}: {name}: must be a table ([{name}])")
        try:
            known = [p for p in inspect.signature(entry.load()).parameters if p != "cache"]
        except Exception:  # noqa: BLE001 - a broken third-party writer is reported when it is chosen
            continue
        for key in value:
            if key not in known:
                raise ConfigError(f"config file {path}: [{name}] has no setting {key!r} (known: {', '.join(known)})")


def writer_name(flag: Optional[str], config: dict) -> str:
    return flag or os.environ.get(ENV_WRITER) or str(config.get("writer") or DEFAULT_WRITER)


def writer_settings(name: str, config: dict, flags: Optional[dict] = None) -> dict:
    """The writer's settings: its config table, then environment variables, then flags (non-None)."""
    table = config.get(name, {})
    settings = dict(table) if isinstance(table, dict) else {}
    for var, key in _WRITER_ENV.get(name, {}).items():
        if os.environ.get(var):
            settings[key] = os.environ[var]
    if os.environ.get(ENV_MODEL) and name != "extractive":
        settings["model"] = os.environ[ENV_MODEL]
    settings.update({k: v for k, v in (flags or {}).items() if v is not None})
    return settings


# -- the scheduled job --------------------------------------------------------------------------
@dataclass
class JobSettings:
    """What `briefing run` reads from the config file's [sources], [output], [run] and [fetch]."""

    feeds: list[str] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    out: Optional[Path] = None
    formats: Optional[list[str]] = None
    template: Optional[Path] = None
    keep_days: Optional[int] = None
    wait: float = 0.0
    log_file: Optional[Path] = None
    fetch: dict = field(default_factory=dict)  # Fetcher settings: timeout, max_bytes, ... allow_private


_FETCH_KEYS = {"timeout": (int, float), "max_bytes": (int,), "max_redirects": (int,), "user_agent": (str,),
               "allow_private": (bool,), "page_budget": (int, float)}


def job_settings(config: dict, path: Path) -> JobSettings:
    """The job's settings from a loaded config file at `path`; ConfigError names the file and the key."""
    base = path.parent

    def fail(key: str, why: str):
        raise ConfigError(f"config file {path}: {key}: {why}")

    def table(name: str) -> dict:
        value = config.get(name, {})
        if not isinstance(value, dict):
            fail(name, "must be a table ([" + name + "])")
        return value

    def str_list(name: str, key: str) -> list[str]:
        value = table(name).get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            fail(f"{name}.{key}", "must be a list of strings")
        return [v.strip() for v in value]

    def local(value) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

    job = JobSettings()
    job.feeds = str_list("sources", "feeds")
    for url in job.feeds:
        if not url.lower().startswith(("http://", "https://")):
            fail("sources.feeds", f"{url!r} is not an http:// or https:// address")
    job.folders = [local(f) for f in str_list("sources", "folders")]
    output = table("output")
    if "dir" in output:
        if not isinstance(output["dir"], str) or not output["dir"].strip():
            fail("output.dir", "must be a folder path")
        job.out = local(output["dir"])
    if "formats" in output:
        from .render.pages import FORMATS

        job.formats = str_list("output", "formats")
        bad = [f for f in job.formats if f not in FORMATS]
        if bad or not job.formats:
            fail("output.formats", f"choose from {', '.join(FORMATS)}, not {', '.join(bad) or 'none'}")
    if "template" in output:
        if not isinstance(output["template"], str):
            fail("output.template", "must be a path")
        job.template = local(output["template"])
    settings = table("run")
    if "keep_days" in settings:
        if not isinstance(settings["keep_days"], int) or isinstance(settings["keep_days"], bool) \
                or settings["keep_days"] < 1:
            fail("run.keep_days", "must be a whole number of days, at least 1")
        job.keep_days = settings["keep_days"]
    if "wait" in settings:
        if not isinstance(settings["wait"], (int, float)) or settings["wait"] < 0:
            fail("run.wait", "must be a number of seconds, at least 0")
        job.wait = float(settings["wait"])
    if "log_file" in settings:
        if not isinstance(settings["log_file"], str):
            fail("run.log_file", "must be a file path")
        job.log_file = local(settings["log_file"])
    for key, value in table("fetch").items():
        if key not in _FETCH_KEYS:
            fail(f"fetch.{key}", f"unknown setting (known: {', '.join(_FETCH_KEYS)})")
        if key == "allow_private":
            if not isinstance(value, bool):
                fail(f"fetch.{key}", "must be true or false")
        elif not isinstance(value, _FETCH_KEYS[key]) or isinstance(value, bool) or (
                not isinstance(value, str) and value <= 0):
            fail(f"fetch.{key}", "must be a positive number" if key != "user_agent" else "must be a string")
        job.fetch[key] = value
    return job


EXAMPLE_CONFIG = """\
# briefing.toml: settings for the scheduled job. Run it with
#     briefing run --config briefing.toml
# (or set BRIEFING_CONFIG). Relative paths are relative to this file's folder.
# Flags given on the command line override what is set here.

# Who writes the memos: "llama" (local model, the default), "openai" or "extractive" (no model).
writer = "extractive"

[sources]
# RSS/Atom feeds fetched over HTTP(S) on every run; only new entries are read. An entry that
# carries only a summary has its linked page fetched and the article extracted.
feeds = [
    # "https://www.example.org/news/rss.xml",
]
# Folders (and files) read on every run; files already stored are skipped.
folders = [
    # "inbox",
]

[output]
dir = "briefing-out"          # index.<fmt>, stories/<story_id>.<fmt>, archive/<date>/...
formats = ["md", "html"]      # any of md, html, txt, json
# template = "my-templates"   # a folder of memo.<fmt>.j2 / index.<fmt>.j2 files

[run]
# keep_days = 30              # delete articles published (else stored) more than 30 days ago
wait = 0                      # seconds to wait for another run to finish before giving up (exit 5)
# log_file = "briefing.log"   # append progress and the summary here (stderr keeps errors)

[fetch]
timeout = 20                  # seconds per connection and read; the whole answer gets 3 times that
max_bytes = 10485760          # a feed or page larger than this is refused
max_redirects = 5
page_budget = 300             # seconds per run for article pages; the rest are fetched by the next run
# Addresses on your own network (loopback, private, link-local) are not fetched from links in feeds
# or redirects; a feed listed above is fetched wherever it is. Set this to fetch them anyway:
# allow_private = true
# user_agent = "briefing/0.1 (+mailto:you@example.org)"   # say who you are, politely

# Writer settings, as anywhere else (see the README):
# [llama]
# model = "/models/qwen2.5-1.5b-instruct-q4_k_m.gguf"
# [openai]
# base_url = "http://127.0.0.1:8080/v1"
# model = "qwen2.5"
"""
