"""Rendering memos and the index page: sandboxed Jinja2 templates."""
