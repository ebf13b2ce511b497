"""One story's memo: evidence within a budget, per-article analyses, the memo's parts, composition."""
