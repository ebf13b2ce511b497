"""The version of briefing: recorded in memos and analyses (imported by them without the package's API)."""
__version__ = "0.1.0"
