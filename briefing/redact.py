"""Masking secrets in what is shown or stored: URLs with credentials, key-like strings in server messages.

Anything that ends up in a memo, the database, a log line or stderr and came from a URL the user
configured or from a server's error text goes through `mask_url` or `mask_text` first:

- `mask_url("http://u:PASSWORD@host/v1?api_key=K")` -> `http://u:***@host/v1?api_key=***`: the
  password of the user-info part, and the values of query parameters whose name says they hold a
  secret (key, token, password, signature...), become `***`;
- `mask_text(text, secrets)` masks every URL in `text` that way, every string given in `secrets`
  (the configured API key), and strings that look like keys: `sk-...` style keys, `Bearer <token>`,
  `key=<value>` pairs, strings that a server already masked in part (`sk-ab***yz`, which still
  gives away part of the key), and long random-looking tokens.
"""
from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
_SECRET_PARAM = re.compile(r"(?i)(key|token|secret|passw|pwd|sig|auth|credential|session)")
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s'\"<>()\[\]{}]+")
_PATTERNS = (
    # sk-..., pk-..., rk-... API keys (also partly masked ones such as sk-ab***...yz)
    re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-*.]{4,}"),
    # an Authorization header's value
    re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9_\-.~+/=*]{6,}"),
    # key=value / "api_key": "value" pairs
    re.compile(r"(?i)\b([a-z_]*(?:api[_-]?key|token|secret|password|passwd)[a-z_]*)(\"?\s*[:=]\s*\"?)([^\s\"',;&]+)"),
    # a token a server masked in part: what is left of it is still part of the key
    re.compile(r"[A-Za-z0-9_\-.]*\*{3,}[A-Za-z0-9_\-.*]*[A-Za-z0-9_\-.]"),
    # long random-looking tokens: letters and digits mixed, 32 characters or more without a
    # separator (slugs in article links have hyphens and stay readable)
    re.compile(r"\b(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\b"),
)


def mask_url(url: str) -> str:
    """`url` without its password (or a user name given alone, which is then a token) and without
    the values of secret-named query parameters; other URLs come back unchanged."""
    if not url or "://" not in url:
        return url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return _mask_userinfo_crudely(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        user, has_password, _ = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{host}" if has_password else f"{MASK}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(_SECRET_PARAM.search(k) for k, _ in pairs):
            query = urlencode([(k, MASK if _SECRET_PARAM.search(k) else v) for k, v in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _mask_userinfo_crudely(url: str) -> str:
    scheme, _, rest = url.partition("://")
    authority, sep, tail = rest.partition("/")
    if "@" in authority:
        authority = MASK + "@" + authority.rsplit("@", 1)[1]
    return f"{scheme}://{authority}{sep}{tail}"


def mask_text(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with the given secrets, credentials in URLs and key-like strings replaced by ***."""
    if not text:
        return text
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL.sub(lambda m: mask_url(m.group(0)), text)
    for n, pattern in enumerate(_PATTERNS):
        if n == 1:
            text = pattern.sub(lambda m: f"{m.group(1)} {MASK}", text)
        elif n == 2:
            text = pattern.sub(lambda m: m.group(1) + m.group(2) + (m.group(3) if m.group(3) == MASK else MASK),
                               text)
        else:
            text = pattern.sub(MASK, text)
    return text
