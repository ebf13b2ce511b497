"""The library API the CLI calls: each function is one whole user action."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Optional

from .cluster import ClusterResult, update_stories
from .config import resolve_db_path
from .ingest import ingest_paths
from .models import IngestReport, Story
from .store import Store


def open_store(db: Optional[str | os.PathLike] = None) -> Store:
    """Opens (creating and migrating if needed) the database at `db` or the configured default."""
    return Store(resolve_db_path(str(db) if db else None))


def ingest(store: Store, paths: Iterable[str | os.PathLike],
           progress: Optional[Callable[[int, str], None]] = None) -> IngestReport:
    """Reads files and folders into the store; see `briefing.ingest` for formats and ids."""
    return ingest_paths(store, [Path(p) for p in paths], progress)


def cluster(store: Store, progress: Optional[Callable[[str], None]] = None) -> ClusterResult:
    """Assigns every unassigned stored article to an existing or a new story."""
    return update_stories(store, progress)


def stories(store: Store, only_for_ext_ids: Optional[Iterable[str]] = None) -> list[Story]:
    """Stored stories, largest first; only those holding the given article ids when given."""
    if only_for_ext_ids is None:
        return store.list_stories()
    return store.list_stories(store.story_ids_for_ext_ids(only_for_ext_ids))
