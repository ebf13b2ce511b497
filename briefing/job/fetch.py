"""HTTP(S) fetching for feeds and article pages (httpx), polite, bounded and confined.

- a User-Agent naming briefing and its version (`briefing/<version> (news briefing)`; set
  `[fetch] user_agent` in the config file to add a contact address, as polite crawlers do);
- a timeout per connect/read, and a deadline for the whole request (TOTAL_FACTOR x timeout) that
  covers name resolution, connect, TLS, headers, body and decompression: every read from the
  socket waits at most until the deadline, so a server that trickles its headers one byte at a
  time, or a gzip stream of empty blocks, is cut off when it passes;
- a size limit enforced while the body streams in, at most `max_redirects` redirects, and only
  http:// and https:// addresses;
- a fetch policy: no connection to a loopback, private, link-local, multicast, reserved or cloud
  metadata address (anything not globally routable), checked on the addresses a name resolves to,
  on the address actually connected, and on every redirect. `allow_private=True` (`[fetch]
  allow_private = true`) lifts it for users who run feeds on their own network. A request made
  with `trusted=True` (a feed URL the user configured) may reach its own host and port whatever
  the address; its redirects elsewhere and every URL taken from feed content are checked;
- conditional requests: with the ETag / Last-Modified of the last answer, an unchanged
  resource costs one small request and comes back as `not_modified`; a 304 to a request that
  sent no validators is an error (`http-304`), not "unchanged".

Every failure is a `FetchError` with a short `reason` (timeout, connection, http-<status>,
too-large, too-many-redirects, bad-url, blocked) and a detail with credentials masked
(`briefing/redact.py`). The tests of `briefing run` use a real server.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Optional
from urllib.parse import urlsplit

import httpcore
import httpx

from ..redact import mask_text, mask_url
from ..errors import BriefingError

DEFAULT_TIMEOUT = 20.0          # seconds per connect / read; the whole request gets TOTAL_FACTOR x this
TOTAL_FACTOR = 3
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_PAGE_BUDGET = 300.0     # seconds a run may spend fetching article pages; the rest wait for the next run
_REDIRECTS = (301, 302, 303, 307, 308)


def default_user_agent() -> str:
    try:
        version = metadata.version("briefing")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"briefing/{version} (news briefing)"


class FetchError(BriefingError):
    def __init__(self, reason: str, detail: str = "", status: Optional[int] = None):
        detail = mask_text(detail)
        self.reason, self.detail, self.status = reason, detail, status
        super().__init__(f"{reason}: {detail}" if detail else reason)


class BlockedAddress(BriefingError):
    """The fetch policy refuses the address a host name resolved to."""


class DeadlinePassed(httpcore.ReadTimeout):
    """The whole request took longer than its deadline."""


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


def blocked_reason(address: str) -> Optional[str]:
    """Why the fetch policy refuses `address` (an IP address), or None when it is globally routable."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, name in ((ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local (or metadata)"),
                       (ip.is_private, "a private"), (ip.is_multicast, "a multicast"),
                       (ip.is_unspecified, "an unspecified"), (ip.is_reserved, "a reserved")):
        if test:
            return f"{address} is {name} address"
    if not ip.is_global:
        return f"{address} is not a globally routable address"
    return None


def _resolve(host: str, port: int, timeout: Optional[float]) -> list[str]:
    """The addresses `host` resolves to; name resolution has no timeout of its own, so it runs on a
    daemon thread that the caller stops waiting for at `timeout`."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return [host]
    except ValueError:
        pass
    found: dict = {}

    def lookup():
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as e:
            found["error"] = e

    worker = threading.Thread(target=lookup, daemon=True, name="resolve")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise httpcore.ConnectTimeout(f"resolving {host} took too long")
    if "error" in found:
        raise httpcore.ConnectError(f"cannot resolve {host}: {found['error']}")
    return list(dict.fromkeys(info[4][0] for info in found["infos"]))


class _BoundedStream(httpcore.NetworkStream):
    """A socket stream whose every operation waits at most until the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, remaining: Callable[[Optional[float]], Optional[float]]):
        self._inner, self._remaining = inner, remaining

    def read(self, max_bytes: int, timeout: Optional[float] = None) -> bytes:
        return self._inner.read(max_bytes, self._remaining(timeout))

    def write(self, buffer: bytes, timeout: Optional[float] = None) -> None:
        self._inner.write(buffer, self._remaining(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: Optional[str] = None,
                  timeout: Optional[float] = None) -> httpcore.NetworkStream:
        return _BoundedStream(self._inner.start_tls(ssl_context, server_hostname, self._remaining(timeout)),
                              self._remaining)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _PolicyBackend(httpcore.SyncBackend):
    """Connects only to addresses the fetch policy allows (when `check`), to the address it checked
    (no second resolution that a rebinding name server could answer differently), with every
    socket operation bounded by the request's deadline."""

    def __init__(self, check: bool, remaining: Callable[[Optional[float]], Optional[float]]):
        self.check, self._remaining = check, remaining

    def connect_tcp(self, host: str, port: int, timeout: Optional[float] = None, local_address=None,
                    socket_options=None) -> httpcore.NetworkStream:
        timeout = self._remaining(timeout)
        addresses = _resolve(host, port, timeout)
        if self.check:
            for address in addresses:
                why = blocked_reason(address)
                if why:
                    raise BlockedAddress(f"{host}: {why}")
        failure: Optional[Exception] = None
        for address in addresses:  # as socket.create_connection does, but only to the checked addresses
            try:
                stream = super().connect_tcp(address, port, self._remaining(timeout), local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                failure = e
                continue
            return _BoundedStream(stream, self._remaining)
        raise failure or httpcore.ConnectError(f"{host} has no address")


class Fetcher:
    """`with Fetcher() as f: f.get(url, etag=..., last_modified=...)`; one connection pool per run.

    `page_budget`: seconds the run may spend on article pages (read by `briefing/job/sources.py`)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_redirects: int = DEFAULT_MAX_REDIRECTS, user_agent: Optional[str] = None,
                 allow_private: bool = False, page_budget: float = DEFAULT_PAGE_BUDGET):
        self.timeout = float(timeout)
        self.total = TOTAL_FACTOR * self.timeout
        self.max_bytes = int(max_bytes)
        self.max_redirects = int(max_redirects)
        self.allow_private = bool(allow_private)
        self.page_budget = float(page_budget)
        self._local = threading.local()
        headers = {"User-Agent": user_agent or default_user_agent(),
                   "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                             "text/html;q=0.8, */*;q=0.5"}
        # two pools: one that checks every address, one for the hosts the user configured; proxies
        # from the environment are not used, since they would bypass both the policy and the deadline
        self._checked = self._client(headers, check=not self.allow_private)
        self._trusted = self._client(headers, check=False)

    def _client(self, headers: dict, check: bool) -> httpx.Client:
        transport = httpx.HTTPTransport()
        pool = getattr(transport, "_pool", None)
        if not isinstance(pool, httpcore.ConnectionPool):  # an httpx that builds its transport otherwise
            raise RuntimeError("briefing.job.fetch needs httpx's HTTPTransport over an httpcore ConnectionPool")
        transport._pool = httpcore.ConnectionPool(ssl_context=pool._ssl_context,
                                                  network_backend=_PolicyBackend(check, self._remaining))
        return httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False, headers=headers,
                            transport=transport, trust_env=False)

    def _remaining(self, timeout: Optional[float]) -> Optional[float]:
        """The time an operation may wait: its own timeout, cut to what is left of the request's deadline."""
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassed(f"the whole request took over {self.total:g} s")
        return left if timeout is None else min(timeout, left)

    def close(self) -> None:
        self._checked.close()
        self._trusted.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None,
            trusted: bool = False) -> Fetched:
        """GETs `url` within the deadline. `trusted`: the user configured this URL, so its own host and
        port are reached whatever their address (redirects elsewhere are still checked)."""
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError("bad-url", f"{mask_url(url)!r} is not an http:// or https:// address")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        home = _origin(url) if trusted else None
        self._local.deadline = time.monotonic() + self.total
        try:
            return self._get(url, headers, home, conditional=bool(etag or last_modified))
        except FetchError:
            raise
        except BlockedAddress as e:
            raise FetchError("blocked", f"{e}: not fetched (set allow_private = true under [fetch] to fetch "
                                        "addresses on your own network)") from None
        except DeadlinePassed as e:
            raise FetchError("timeout", str(e)) from None
        except httpx.TimeoutException as e:
            if isinstance(e.__context__, DeadlinePassed) or self._local.deadline <= time.monotonic():
                raise FetchError("timeout", f"the whole request took over {self.total:g} s") from None
            raise FetchError("timeout", f"no answer within {self.timeout:g} s ({type(e).__name__})") from None
        except httpx.InvalidURL as e:
            raise FetchError("bad-url", str(e)) from None
        except httpx.UnsupportedProtocol as e:
            raise FetchError("bad-url", str(e)) from None
        except httpx.HTTPError as e:
            raise FetchError("connection", f"{type(e).__name__}: {e}") from None
        finally:
            self._local.deadline = None

    def _get(self, url: str, headers: dict, home: Optional[tuple], conditional: bool) -> Fetched:
        request_url = url
        for _ in range(self.max_redirects + 1):
            client = self._trusted if home is not None and _origin(request_url) == home else self._checked
            with client.stream("GET", request_url, headers=headers) as response:
                location = response.headers.get("Location")
                if response.status_code in _REDIRECTS and location:
                    request_url = str(response.url.join(location))
                    if not request_url.lower().startswith(("http://", "https://")):
                        raise FetchError("bad-url", f"redirected to {mask_url(request_url)!r}, not an http(s) address")
                    continue
                return self._answer(url, response, headers, conditional)
        raise FetchError("too-many-redirects", f"more than {self.max_redirects} redirects")

    def _answer(self, url: str, response: httpx.Response, headers: dict, conditional: bool) -> Fetched:
        found = Fetched(url=url, final_url=str(response.url), status=response.status_code,
                        etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"),
                        content_type=response.headers.get("Content-Type", ""))
        if response.status_code == 304:
            if not conditional:  # nothing to compare with: "unchanged" would hide the feed for ever
                raise FetchError("http-304", "answered 304 Not Modified to a request that sent no validators",
                                 status=304)
            found.not_modified = True
            found.etag = found.etag or headers.get("If-None-Match")
            found.last_modified = found.last_modified or headers.get("If-Modified-Since")
            return found
        if response.status_code >= 400:
            raise FetchError(f"http-{response.status_code}", response.reason_phrase or "", status=response.status_code)
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError("too-large", f"{int(declared):,} bytes (limit {self.max_bytes:,})",
                             status=response.status_code)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError("too-large", f"more than {self.max_bytes:,} bytes", status=response.status_code)
            chunks.append(chunk)
        self._remaining(None)  # a body that ended just past the deadline is still too late
        found.body = b"".join(chunks)
        return found


def _origin(url: str) -> tuple:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)
