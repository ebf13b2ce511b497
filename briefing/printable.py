"""Text from users and articles (a path, URL, title, reason) made safe to print or log: control and
format characters shown as escapes, so no terminal escape sequence or bidi override reaches a
terminal or a log file."""
from __future__ import annotations


def plain(value) -> str:
    """`value` as text with control and format characters shown as escapes (`\\x1b`, `\\u202e`)."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
                   for ch in text)
