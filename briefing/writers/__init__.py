"""Writers, found by name through the `briefing.writers` entry-point group (built-ins included)."""
from __future__ import annotations

from importlib.metadata import entry_points

from .base import Draft, DraftClaim, DraftSection, Writer, WriterError

ENTRY_POINT_GROUP = "briefing.writers"


def available_writers() -> dict[str, object]:
    """Writer name -> entry point, for every installed writer."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def get_writer(name: str, **options) -> Writer:
    """An instance of the writer registered as `name`; WriterError names the installed ones."""
    found = available_writers()
    if name not in found:
        known = ", ".join(sorted(found)) or "none (is briefing installed?)"
        raise WriterError(f"unknown writer {name!r}; installed writers: {known}")
    cls = found[name].load()
    return cls(**options)


__all__ = ["Draft", "DraftClaim", "DraftSection", "Writer", "WriterError", "available_writers", "get_writer"]
