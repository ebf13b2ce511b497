"""HTTP(S) fetching for feeds and article pages (httpx), polite and bounded.

- a User-Agent naming briefing and its version (`briefing/<version> (news briefing)`; set
  `[fetch] user_agent` in the config file to add a contact address, as polite crawlers do);
- a timeout per connect/read and one for the whole request (a server that trickles bytes
  is cut off), a size limit enforced while the body streams in, at most `max_redirects`
  redirects, and only http:// and https:// addresses;
- conditional requests: with the ETag / Last-Modified of the last answer, an unchanged
  resource costs one small request and comes back as `not_modified`.

Every failure is a `FetchError` with a short `reason` (timeout, connection, http-<status>,
too-large, too-many-redirects, bad-url) and a detail. The transport can be injected
(`httpx.MockTransport` in unit tests); the tests of `briefing run` use a real server.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import metadata
from typing import Optional

import httpx

DEFAULT_TIMEOUT = 20.0          # seconds per connect / read; the whole request gets TOTAL_FACTOR x this
TOTAL_FACTOR = 3
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5


def default_user_agent() -> str:
    try:
        version = metadata.version("briefing")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"briefing/{version} (news briefing)"


class FetchError(Exception):
    def __init__(self, reason: str, detail: str = "", status: Optional[int] = None):
        self.reason, self.detail, self.status = reason, detail, status
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass
class Fetched:
    url: str                          # the address asked for
    final_url: str                    # after redirects
    status: int
    body: bytes = b""
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    content_type: str = ""
    not_modified: bool = False        # 304: the stored copy is current


class Fetcher:
    """`with Fetcher() as f: f.get(url, etag=..., last_modified=...)`; one connection pool per run."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_redirects: int = DEFAULT_MAX_REDIRECTS, user_agent: Optional[str] = None,
                 transport: Optional[httpx.BaseTransport] = None):
        self.timeout = float(timeout)
        self.max_bytes = int(max_bytes)
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.timeout), follow_redirects=True, max_redirects=int(max_redirects),
            headers={"User-Agent": user_agent or default_user_agent(),
                     "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                               "text/html;q=0.8, */*;q=0.5"},
            transport=transport)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None) -> Fetched:
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError("bad-url", f"{url!r} is not an http:// or https:// address")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + TOTAL_FACTOR * self.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                found = Fetched(url=url, final_url=str(response.url), status=response.status_code,
                                etag=response.headers.get("ETag"),
                                last_modified=response.headers.get("Last-Modified"),
                                content_type=response.headers.get("Content-Type", ""))
                if response.status_code == 304:
                    found.not_modified = True
                    found.etag = found.etag or etag
                    found.last_modified = found.last_modified or last_modified
                    return found
                if response.status_code >= 400:
                    raise FetchError(f"http-{response.status_code}", response.reason_phrase or "",
                                     status=response.status_code)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError("too-large", f"{int(declared):,} bytes (limit {self.max_bytes:,})",
                                     status=response.status_code)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError("too-large", f"more than {self.max_bytes:,} bytes", status=response.status_code)
                    if time.monotonic() > deadline:
                        raise FetchError("timeout", f"the whole answer took over {TOTAL_FACTOR * self.timeout:g} s")
                    chunks.append(chunk)
                found.body = b"".join(chunks)
                return found
        except FetchError:
            raise
        except httpx.TooManyRedirects:
            raise FetchError("too-many-redirects", f"more than {self.client.max_redirects} redirects") from None
        except httpx.TimeoutException as e:
            raise FetchError("timeout", f"no answer within {self.timeout:g} s ({type(e).__name__})") from None
        except httpx.InvalidURL as e:
            raise FetchError("bad-url", str(e)) from None
        except httpx.HTTPError as e:
            raise FetchError("connection", f"{type(e).__name__}: {e}") from None
