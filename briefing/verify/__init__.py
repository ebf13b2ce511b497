"""The citation verifier: does each claim's cited sentence say what the claim says?

`checks` judges one claim against sentences (overlap and hard checks), `repair` verifies a
whole memo against its story's evidence and re-cites, rewrites or drops what fails, `recheck`
re-checks a memo file against the stored articles (`briefing verify`).
"""
from .checks import Verdict, check, features
from .repair import verify_memo

__all__ = ["Verdict", "check", "features", "verify_memo"]
