"""Compiled (numba) scans used by ingest and clustering, and their warm-up after an install."""
