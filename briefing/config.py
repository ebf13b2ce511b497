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
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Optional

ENV_DB = "BRIEFING_DB"
ENV_CONFIG = "BRIEFING_CONFIG"
ENV_WRITER = "BRIEFING_WRITER"
ENV_MODEL = "BRIEFING_MODEL"
DEFAULT_WRITER = "llama"
_WRITER_ENV = {"openai": {"OPENAI_API_KEY": "api_key", "OPENAI_BASE_URL": "base_url"}}


class ConfigError(Exception):
    """The config file cannot be read or is not valid TOML: names the file and the reason."""


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


def load_config(flag: Optional[str] = None) -> dict:
    """The config file's settings; {} when no file was named and the default file does not exist."""
    named = flag or os.environ.get(ENV_CONFIG)
    path = Path(named).expanduser() if named else default_config_path()
    if not path.exists():
        if named:
            raise ConfigError(f"config file {path}: no such file")
        return {}
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {path}: not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"config file {path}: {e.strerror or e}") from None


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
