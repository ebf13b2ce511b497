"""Unattended runs against hostile servers (issue 18, items 1, 3, 5, 11, 12), all against real
servers on 127.0.0.1: a run ends in bounded time; links taken from feeds and redirects do not reach
private addresses; credentials are masked wherever URLs and server messages are shown or stored;
fallback memos heal; feeds are read as they are (charset, changing ids, a first-request 304)."""
from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from briefing.job.fetch import FetchError, Fetcher
from briefing.job.sources import fetch_feeds
from briefing.store.sqlite import Store
from conftest import REPO_ROOT, NewsServer
from test_scheduled_run import FLOOD, LIBRARY, LIBRARY_PAGE, LIBRARY_TEASER, rss, write_config

EXAMPLES = REPO_ROOT / "examples" / "articles"


# -- servers that answer slowly on purpose -------------------------------------------------------
class TrickleServer:
    """A raw TCP server on 127.0.0.1 that answers every connection with `head` sent one byte every
    `gap` seconds, then `tail()` chunks every `gap` seconds, for as long as `seconds`."""

    def __init__(self, head: bytes, gap: float, tail=None, seconds: float = 120):
        self.stop = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0

        def serve(conn):
            ends = time.monotonic() + seconds
            try:
                for byte in head:
                    if self.stop.is_set() or time.monotonic() > ends:
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(gap)
                while tail is not None and not self.stop.is_set() and time.monotonic() < ends:
                    conn.sendall(tail())
                    time.sleep(gap)
            except OSError:
                pass
            finally:
                conn.close()

        def accept():
            while not self.stop.is_set():
                try:
                    conn, _ = self.sock.accept()
                except OSError:
                    return
                self.connections += 1
                threading.Thread(target=serve, args=(conn,), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()

    def close(self):
        self.stop.set()
        self.sock.close()


@pytest.fixture
def trickle():
    servers = []

    def start(*args, **kwargs):
        servers.append(TrickleServer(*args, **kwargs))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def _get_in_thread(fetcher: Fetcher, url: str, limit: float = 30) -> BaseException | None:
    """`fetcher.get(url)` on a thread; the error it raised. Fails when it is still running after
    `limit` seconds (the servers above trickle for 120)."""
    result: dict = {}

    def go():
        try:
            fetcher.get(url)
        except BaseException as e:  # noqa: BLE001 - handed to the test
            result["error"] = e

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    worker.join(limit)
    assert not worker.is_alive(), f"the request to {url} was still running after {limit} s"
    return result.get("error")


# issue 18, item 1: "a server that sends its headers one byte every half second, or a gzip stream of
# empty blocks, keeps the run alive past 120 s with [fetch] timeout = 2"
def test_headers_one_byte_at_a_time_are_cut_off_at_the_deadline(trickle):
    server = trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 5000, gap=0.1)
    with Fetcher(timeout=0.5, allow_private=True) as f:
        error = _get_in_thread(f, server.url + "/feed.rss")
    assert isinstance(error, FetchError) and error.reason == "timeout", error
    assert "whole request" in error.detail


def test_a_gzip_stream_of_empty_blocks_is_cut_off_at_the_deadline(trickle):
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n"
            b"Connection: close\r\n\r\n\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
    sent = []

    def tail() -> bytes:  # the headers and the gzip header once, then stored deflate blocks of length 0,
        if not sent:      # not final: they decompress to nothing, for ever
            sent.append(True)
            return head
        return b"\x00\x00\x00\xff\xff" * 4

    server = trickle(b"", gap=0.05, tail=tail)
    with Fetcher(timeout=0.5, allow_private=True) as f:
        error = _get_in_thread(f, server.url + "/feed.rss")
    assert isinstance(error, FetchError) and error.reason == "timeout", error


def test_run_against_a_trickling_feed_ends_with_exit_1_naming_the_feed(run_cli, trickle, tmp_path):
    server = trickle(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"a" * 5000, gap=0.5)
    feed = server.url + "/feed.rss"
    config = write_config(tmp_path / "briefing.toml", [feed], tmp_path / "out")  # [fetch] timeout = 2
    r = run_cli("--config", str(config), "run", timeout=30)  # raises TimeoutExpired when the run hangs
    assert r.returncode == 1, r.stderr
    assert any(line.startswith(f"failed feed {feed}: timeout") for line in r.stderr.splitlines()), r.stderr


def test_pages_beyond_the_run_budget_wait_for_the_next_run(run_cli, news_server, tmp_path):
    teasers = [(f"teaser-{k}", f"2026-03-{10 + k:02d}", f"Millbrook story number {k}", f"Teaser {k} of a story.")
               for k in range(3)]
    feed = news_server.set("/teasers.rss", rss(teasers, base=news_server.url("")))
    for entry_id, _, headline, _ in teasers:
        page = LIBRARY_PAGE.replace("Millbrook's library reopens with a new skylight", headline)
        news_server.set(f"/news/{entry_id}.html", page, content_type="text/html; charset=utf-8", delay=1.0)
    config = write_config(tmp_path / "briefing.toml", [feed], tmp_path / "out", extra="page_budget = 1\n")
    first = run_cli("--config", str(config), "run", "--json")
    report = json.loads(first.stdout)
    assert first.returncode == 0, first.stderr
    assert report["feeds"]["pages"] == 1 and report["feeds"]["deferred_pages"] == 2
    assert report["feeds"]["failures"] == [] and "2 pages left for the next run" in first.stderr
    assert "if-none-match" not in news_server.hits("/teasers.rss")[-1]
    second = run_cli("--config", str(config), "run", "--json")
    report = json.loads(second.stdout)
    assert report["feeds"]["pages"] >= 1, "the feed was read whole again"
    third = run_cli("--config", str(config), "run", "--json")
    with Store(run_cli.default_db) as store:
        stored = {r[0] for r in store.db.execute("SELECT ext_id FROM articles")}
        linked = {r[0] for r in store.db.execute("SELECT ext_id FROM duplicates")}
    assert stored | linked == {t[0] for t in teasers}, (second.stderr, third.stderr)
    assert all(len(news_server.hits(f"/news/{t[0]}.html")) == 1 for t in teasers), "no page fetched twice"


# -- the fetch policy (item 3) -------------------------------------------------------------------
SECRET_PAGE = """<!DOCTYPE html><html><head><title>Internal</title></head><body><article><h1>Internal notes</h1>
<p>The admin panel token is SECRET-TOKEN-4242 and the database password is hunter2, do not share them with
anyone outside the operations team of the company.</p><p>Rotate the SECRET-TOKEN-4242 every month and keep
hunter2 in the vault, the operations team said in its memo to the staff on Monday.</p></article></body></html>"""


def test_a_feed_link_to_a_loopback_address_is_not_fetched_by_default(run_cli, news_server, tmp_path):
    secret = news_server.set("/secret", SECRET_PAGE, content_type="text/html; charset=utf-8")
    teaser = ("inside-1", "2026-03-05", "A look inside the operations team", "Read the full story.")
    body = rss(LIBRARY + [teaser], base=news_server.url("")).replace(news_server.url("/news/inside-1.html"), secret)
    feed = news_server.set("/feed.rss", body)
    out = tmp_path / "out"
    # the feed itself is the user's own choice: fetched on loopback; what it links to is not
    config = write_config(tmp_path / "briefing.toml", [feed], out, allow_private=False)
    config.write_text(config.read_text().replace('formats = ["md", "json"]', 'formats = ["md", "html", "json"]'))
    r = run_cli("--config", str(config), "run", "--json")
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert [(f["kind"], f["reason"], f["url"]) for f in report["feeds"]["failures"]] == [("page", "blocked", secret)]
    assert "allow_private" in report["feeds"]["failures"][0]["detail"]
    assert news_server.hits("/secret") == [], "the page was never requested"
    assert report["feeds"]["ingest"]["stored"] == 1
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name.startswith("index.") for p in files) and any(p.suffix == ".html" for p in files)
    for path in files + [run_cli.default_db]:
        data = path.read_bytes()
        assert b"SECRET-TOKEN-4242" not in data and b"hunter2" not in data, path


def test_redirects_and_resolved_names_are_checked_on_every_hop(news_server):
    other = NewsServer()  # another port on loopback: the target of an attacker's redirect
    try:
        secret = other.set("/secret", SECRET_PAGE, content_type="text/html")
        news_server.set("/feed.rss", "<rss/>")
        news_server.set("/hop", b"", status=302, location=secret)
        news_server.set("/home-hop", b"", status=302, location="/feed.rss")
        with Fetcher(timeout=5) as f:
            # the configured feed's own host and port: fetched, also through a redirect that stays there
            assert f.get(news_server.url("/home-hop"), trusted=True).body == b"<rss/>"
            for url, trusted in ((news_server.url("/hop"), True), (news_server.url("/feed.rss"), False),
                                 (secret, False), (secret.replace("127.0.0.1", "localhost"), False)):
                with pytest.raises(FetchError) as e:
                    f.get(url, trusted=trusted)
                assert e.value.reason == "blocked", (url, e.value)
        assert other.hits("/secret") == [], "a refused address is never connected to"
        with Fetcher(timeout=5, allow_private=True) as f:
            assert b"SECRET-TOKEN-4242" in f.get(news_server.url("/hop")).body
    finally:
        other.close()


# -- secrets (item 5) ----------------------------------------------------------------------------
PASSWORD = "PASSWORD-7731-xq"
KEY = "sk-live-hostile-2b7e91f04c"


def _assert_nowhere(secrets: list[str], *texts: str, files: list[Path]) -> None:
    for s in secrets:
        for text in texts:
            assert s not in text, (s, text[-2000:])
        for path in files:
            assert s.encode() not in path.read_bytes(), (s, path)


def _all_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def test_credentials_in_feed_urls_are_masked_everywhere(run_cli, news_server, tmp_path):
    feed = news_server.set("/avr.rss", rss(FLOOD, base=news_server.url("")))
    news_server.set("/gone.rss", "gone", status=410, content_type="text/plain")
    with_password = feed.replace("http://", f"http://reader:{PASSWORD}@")
    failing = news_server.url("/gone.rss").replace("http://", f"http://reader:{PASSWORD}@") + f"?api_key={PASSWORD}x"
    out, log = tmp_path / "out", tmp_path / "run.log"
    config = write_config(tmp_path / "briefing.toml", [with_password, failing], out)
    r = run_cli("--config", str(config), "run", "--json", "--log-file", str(log))
    assert r.returncode == 1, r.stderr
    report = json.loads(r.stdout)
    assert report["feeds"]["ingest"]["stored"] == 2
    memo = json.loads(next((out / "stories").glob("*.json")).read_text())
    assert {s["path"] for s in memo["sources"]} == {with_password.replace(PASSWORD, "***")}
    assert failing.replace(PASSWORD + "x", "***").replace(PASSWORD, "***") in r.stderr
    db_files = list(tmp_path.glob("cli.db*"))
    _assert_nowhere([PASSWORD], r.stdout, r.stderr, files=_all_files(out) + db_files + [log])


def _openai_run(run_cli, out: Path, url: str, key: str, *extra: str):
    return run_cli("run", str(EXAMPLES), "--out", str(out), "--format", "md,html,txt,json", "--writer", "openai",
                   "--base-url", url, "--model", "smollm2", "-O", "retries=0", "-O", "timeout=5", *extra,
                   env={"OPENAI_API_KEY": key}, timeout=240)


def test_fallback_memos_heal_once_the_key_is_fixed_and_a_bad_key_fails_the_run_once(run_cli, fault_server,
                                                                                     tmp_path):
    server = fault_server("401")
    out, log = tmp_path / "out", tmp_path / "run.log"
    url = server.url.replace("http://", f"http://u:{PASSWORD}@")
    first = _openai_run(run_cli, out, url, KEY, "--json", "--log-file", str(log))
    assert first.returncode == 1, first.stderr
    report = json.loads(first.stdout)
    assert report["memos"] and len(report["fallbacks"]) == len(report["memos"]) and not report["failed"]
    reason_lines = [line for line in first.stderr.splitlines() if "fell back" in line]
    assert len(reason_lines) == 1 and "every memo fell back" in reason_lines[0] and "401" in reason_lines[0]
    for md in (out / "stories").glob("*.md"):
        text = md.read_text()
        assert "written by the extractive writer" in text and "written by the openai writer" not in text
        assert "the openai writer could not write this memo" in text
    for js in (out / "stories").glob("*.json"):
        memo = json.loads(js.read_text())["memo"]
        assert memo["writer"] == "extractive" and memo["writing"]["writer"] == "openai"
    db_files = list(tmp_path.glob("cli.db*"))
    _assert_nowhere([PASSWORD, KEY, KEY[:5] + "*" * 12 + KEY[-2:], KEY[-10:]], first.stdout, first.stderr,
                    files=_all_files(out) + db_files + [log])

    server.mode = "ok"  # the key is fixed: same writer, same settings, so the same recipe
    second = _openai_run(run_cli, out, url, "sk-the-right-key", "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert sorted(report["memos"]) == sorted(json.loads(first.stdout)["memos"]) and not report["fallbacks"]
    for md in (out / "stories").glob("*.md"):
        text = md.read_text()
        assert "written by the openai writer (smollm2)" in text and "could not write" not in text
    third = _openai_run(run_cli, out, url, "sk-the-right-key")
    assert third.returncode == 4, third.stderr


def test_a_server_error_text_copied_into_memos_is_masked(run_cli, fault_server, tmp_path):
    server = fault_server("400")
    out, log = tmp_path / "out", tmp_path / "run.log"
    r = _openai_run(run_cli, out, server.url, KEY, "--json", "--log-file", str(log))
    report = json.loads(r.stdout)
    assert report["fallbacks"] and "Incorrect API key provided: ***" in report["fallbacks"][0]["reason"]
    memo = json.loads(next((out / "stories").glob("*.json")).read_text())["memo"]
    assert "Incorrect API key provided: ***" in memo["writing"]["fallback"]
    _assert_nowhere([PASSWORD, KEY, KEY[:5] + "*" * 12 + KEY[-2:], KEY[-10:]], r.stdout, r.stderr,
                    files=_all_files(out) + list(tmp_path.glob("cli.db*")) + [log])


def test_a_200_that_is_not_json_falls_back_like_any_bad_answer(run_cli, fault_server, tmp_path):
    server = fault_server("not-json")
    r = _openai_run(run_cli, tmp_path / "out", server.url, KEY, "--json")
    report = json.loads(r.stdout)
    assert report["memos"] and not report["failed"], report["failed"]
    assert len(report["fallbacks"]) == len(report["memos"])
    assert "not JSON" in report["fallbacks"][0]["reason"]
    assert r.returncode == 1 and r.stderr.count("every memo fell back") == 1


def test_an_unusable_answer_is_not_retried_every_run(run_cli, fault_server, tmp_path):
    """The answer is cached: asking again gives the same answer, so only failed calls heal next run."""
    server = fault_server("unusable")
    first = _openai_run(run_cli, tmp_path / "out", server.url, KEY, "--json")
    report = json.loads(first.stdout)
    assert report["memos"] and len(report["fallbacks"]) == len(report["memos"])
    second = _openai_run(run_cli, tmp_path / "out", server.url, KEY)
    assert second.returncode == 4, second.stderr


# -- feeds as they are (item 12) -----------------------------------------------------------------
RUSSIAN = [
    ("ru-1", "Новости Миллбрука: совет одобрил строительство дамбы",
     "Городской совет Миллбрука в понедельник одобрил строительство защитной дамбы вдоль реки Олдер. "
     "Дамба протянется на полтора километра вдоль старой набережной, сообщила казначей совета Ана Руис. "
     "Мэр Том Хейл сказал, что дамба защитит четыреста домов, которые затопило в прошлом году."),
    ("ru-2", "Библиотека Миллбрука откроется после ремонта крыши",
     "Публичная библиотека Миллбрука откроется в субботу после пяти месяцев ремонта крыши. "
     "В читальном зале появилось новое окно в потолке, а детский отдел переехал на первый этаж. "
     "Заведующая библиотекой Марта Квинт сказала, что вода испортила около трёхсот книг."),
]


def russian_feed(declaration: str) -> str:
    items = "".join(f"<item><title>{escape(t)}</title><link>https://example.org/{i}.html</link><guid>{i}</guid>"
                    f"<pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate><content:encoded>{escape('<p>' + x + '</p>')}"
                    f"</content:encoded></item>" for i, t, x in RUSSIAN)
    return (declaration + '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Новости Олдер</title><link>https://example.org</link><description>лента</description>"
            + items + "</channel></rss>")


@pytest.mark.parametrize("declaration, content_type", [
    ('<?xml version="1.0"?>\n', "application/rss+xml; charset=windows-1251"),  # the HTTP header says it
    ('<?xml version="1.0" encoding="utf-8"?>\n', "text/xml; charset=windows-1251"),  # the header wins
    ('<?xml version="1.0"?>\n', "application/rss+xml"),  # nobody says it: detected
    ("", "application/xml"),
])
def test_a_cp1251_feed_is_read_as_cyrillic(news_server, tmp_path, declaration, content_type):
    feed = news_server.set("/ru.rss", russian_feed(declaration).encode("cp1251"), content_type=content_type)
    with Store(tmp_path / "b.db") as store, Fetcher(timeout=5, allow_private=True) as f:
        report = fetch_feeds(store, [feed], f)
        assert report.failures == [] and len(report.ingest.stored) == 2
        article = store.get_article("ru-2")
    assert article.title == RUSSIAN[1][1] and "Марта Квинт" in article.text and article.outlet == "Новости Олдер"
    assert "Í" not in article.text + article.title


def test_a_utf8_feed_under_a_latin1_server_default_stays_utf8(news_server, tmp_path):
    body = russian_feed('<?xml version="1.0" encoding="utf-8"?>\n').encode("utf-8")
    feed = news_server.set("/ru.rss", body, content_type="text/xml; charset=ISO-8859-1")
    with Store(tmp_path / "b.db") as store, Fetcher(timeout=5, allow_private=True) as f:
        assert fetch_feeds(store, [feed], f).failures == []
        assert store.get_article("ru-1").title == RUSSIAN[0][1]


def test_entries_whose_ids_change_on_every_fetch_are_recognised_by_link_and_title(run_cli, news_server, tmp_path):
    def renamed(suffix: str) -> str:
        body = rss(FLOOD + [LIBRARY_TEASER], base=news_server.url(""))
        for entry_id in ("flood-1", "flood-2", "library-2"):
            body = body.replace(f">{entry_id}</guid>", f">{entry_id}-{suffix}</guid>")
        return body

    feed = news_server.set("/avr.rss", renamed("a"))
    news_server.set("/news/library-2.html", LIBRARY_PAGE, content_type="text/html; charset=utf-8")
    out = tmp_path / "out"
    config = write_config(tmp_path / "briefing.toml", [feed], out)
    first = run_cli("--config", str(config), "run", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["feeds"]["ingest"]["stored"] == 3
    for suffix in ("b", "c"):
        news_server.set("/avr.rss", renamed(suffix))
        again = run_cli("--config", str(config), "run", "--json")
        assert again.returncode == 4, again.stderr
        report = json.loads(again.stdout)
        assert report["feeds"]["known_entries"] == 3 and report["feeds"]["ingest"]["stored"] == 0
        assert report["feeds"]["ingest"]["duplicates"] == []
    assert len(news_server.hits("/news/library-2.html")) == 1, "the page is not fetched again"
    with Store(run_cli.default_db) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_a_304_to_a_first_request_is_an_error_every_run(run_cli, news_server, tmp_path):
    feed = news_server.set("/feed.rss", b"", status=304)
    config = write_config(tmp_path / "briefing.toml", [feed], tmp_path / "out")
    for _ in range(2):
        r = run_cli("--config", str(config), "run", "--json")
        assert r.returncode == 1, r.stderr
        report = json.loads(r.stdout)
        assert report["feeds"]["not_modified"] == []
        assert [(f["url"], f["reason"]) for f in report["feeds"]["failures"]] == [(feed, "http-304")]
        assert f"failed feed {feed}: http-304" in r.stderr
