"""Settings. For now: where the database lives.

Precedence: the `--db` flag, then the BRIEFING_DB environment variable, then the default
`$XDG_DATA_HOME/briefing/briefing.db` (on Linux `~/.local/share/briefing/briefing.db`;
platformdirs picks the equivalent on macOS and Windows).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ENV_DB = "BRIEFING_DB"


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
