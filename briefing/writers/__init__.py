"""Writers, found by name through the `briefing.writers` entry-point group (built-ins included)."""
from __future__ import annotations

import inspect
from importlib.metadata import entry_points

from .base import Draft, DraftClaim, DraftSection, Limits, Writer, WriterError

ENTRY_POINT_GROUP = "briefing.writers"


def available_writers() -> dict[str, object]:
    """Writer name -> entry point, for every installed writer."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def get_writer(name: str, **options) -> Writer:
    """An instance of the writer registered as `name`, made with `options` (its settings, and
    `cache` for writers that take one); WriterError names the installed writers or the settings."""
    found = available_writers()
    if name not in found:
        known = ", ".join(sorted(found)) or "none (is briefing installed?)"
        raise WriterError(f"unknown writer {name!r}; installed writers: {known}")
    cls = found[name].load()
    parameters = inspect.signature(cls).parameters
    if "cache" not in parameters:
        options.pop("cache", None)  # a writer without a model has nothing to cache
    accepted = [p for p in parameters if p != "cache"]
    unknown = sorted(k for k in options if k not in parameters)
    if unknown:
        raise WriterError(f"the {name} writer has no setting {', '.join(map(repr, unknown))}; its settings: "
                          f"{', '.join(accepted) or 'none'}")
    try:
        return cls(**options)
    except (TypeError, ValueError) as e:
        raise WriterError(f"bad setting for the {name} writer: {e}") from None


__all__ = ["Draft", "DraftClaim", "DraftSection", "Limits", "Writer", "WriterError", "available_writers", "get_writer"]
