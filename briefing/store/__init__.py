"""The store: the only code that speaks SQL (SQLite, migrations, WAL)."""
