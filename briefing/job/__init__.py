"""The scheduled job (`briefing run`): sources, fetching, the lock, the run itself."""
