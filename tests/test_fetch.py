"""The fetcher against a real HTTP server on 127.0.0.1: conditional requests, limits, redirects,
timeouts, errors, the User-Agent; and the run lock between real processes. The server is on
loopback, which the default fetch policy refuses: these tests allow private addresses."""
from __future__ import annotations

import subprocess
import sys

import pytest

from briefing.job.fetch import FetchError, Fetcher
from briefing.job.lock import LockBusy, RunLock


def test_conditional_request_gets_304_and_keeps_validators(news_server):
    url = news_server.set("/feed.rss", "<rss>one</rss>")
    with Fetcher(timeout=5, allow_private=True) as f:
        first = f.get(url)
        assert first.status == 200 and first.body == b"<rss>one</rss>" and first.etag
        again = f.get(url, etag=first.etag)
        assert again.not_modified and again.status == 304 and again.body == b""
        assert again.etag == first.etag
        news_server.set("/feed.rss", "<rss>two</rss>")
        changed = f.get(url, etag=first.etag)
        assert not changed.not_modified and changed.body == b"<rss>two</rss>" and changed.etag != first.etag
    sent = news_server.hits("/feed.rss")
    assert "if-none-match" not in sent[0]
    assert sent[1]["if-none-match"] == first.etag == sent[2]["if-none-match"]
    assert all(h["user-agent"].startswith("briefing/") for h in sent)


def test_last_modified_is_sent_as_if_modified_since(news_server):
    url = news_server.set("/f.rss", "x")
    with Fetcher(timeout=5, allow_private=True) as f:
        f.get(url, last_modified="Wed, 04 Mar 2026 07:30:00 GMT")
    assert news_server.hits("/f.rss")[0]["if-modified-since"] == "Wed, 04 Mar 2026 07:30:00 GMT"


def test_size_limit_stops_the_body(news_server):
    url = news_server.set("/big.html", b"a" * 50_000, content_type="text/html")
    with Fetcher(timeout=5, max_bytes=10_000, allow_private=True) as f:
        with pytest.raises(FetchError) as e:
            f.get(url)
    assert e.value.reason == "too-large"


def test_redirects_are_followed_but_bounded(news_server):
    final = news_server.set("/final.rss", "<rss/>")
    news_server.set("/r1", b"", status=302, location="/final.rss")
    for i in range(2, 5):
        news_server.set(f"/r{i}", b"", status=302, location=f"/r{i - 1}")
    with Fetcher(timeout=5, max_redirects=5, allow_private=True) as f:
        got = f.get(news_server.url("/r4"))
    assert got.final_url == final and got.body == b"<rss/>"
    with Fetcher(timeout=5, max_redirects=2, allow_private=True) as f:
        with pytest.raises(FetchError) as e:
            f.get(news_server.url("/r4"))
    assert e.value.reason == "too-many-redirects"


def test_timeout_http_error_refused_connection_and_bad_url(news_server):
    slow = news_server.set("/slow.rss", "<rss/>", delay=3)
    missing = news_server.url("/missing.rss")
    with Fetcher(timeout=0.5, allow_private=True) as f:
        with pytest.raises(FetchError) as e:
            f.get(slow)
        assert e.value.reason == "timeout"
        with pytest.raises(FetchError) as e:
            f.get(missing)
        assert e.value.reason == "http-404" and e.value.status == 404
        with pytest.raises(FetchError) as e:
            f.get("http://127.0.0.1:9/feed.rss")  # the discard port: nothing listens
        assert e.value.reason == "connection"
        with pytest.raises(FetchError) as e:
            f.get("file:///etc/passwd")
        assert e.value.reason == "bad-url"


_HOLD = """
import sys, time
from briefing.job.lock import RunLock
with RunLock(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_lock_is_exclusive_between_processes_and_freed_when_the_holder_dies(tmp_path):
    path = tmp_path / "b.db.lock"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(path), "60"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy) as e:
            RunLock(path, wait=0.3).acquire()
        assert f"pid {holder.pid}" in str(e.value)
        holder.kill()  # SIGKILL: no clean-up code runs, the OS drops the lock
        holder.wait()
        with RunLock(path, wait=5):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_lock_waits_for_a_holder_that_finishes(tmp_path):
    path = tmp_path / "b.db.lock"
    marker = tmp_path / "holder-done"
    script = _HOLD.replace('time.sleep(float(sys.argv[2]))',
                           'time.sleep(float(sys.argv[2])); open(sys.argv[3], "w").write("done")')
    holder = subprocess.Popen([sys.executable, "-c", script, str(path), "1", str(marker)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert not marker.exists()
        with RunLock(path, wait=30):
            assert marker.read_text() == "done"  # written while the holder still held the lock
    finally:
        holder.wait()
