"""The scheduled job end to end: `briefing run` as a real process against a real HTTP server on
127.0.0.1 whose feeds and pages change between runs; a run killed with SIGKILL; overlapping runs."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from briefing.job.lock import RunLock, lock_path_for
from briefing.store.sqlite import Store

FLOOD = [
    ("flood-1", "2026-03-03", "Millbrook council approves riverside flood barrier",
     "The Millbrook town council voted 7 to 2 on Monday to build a flood barrier along the River Alder. "
     "The flood barrier will run for 1.4 kilometres along the old quay and is expected to cost 12 million euros, "
     "council treasurer Ana Ruiz said after the vote. Mayor Tom Hale said the flood barrier protects four hundred "
     "homes on the quay that flooded in 2023 and 2024. Councillor Ines Berg voted against the barrier and said "
     "the cost estimate for the River Alder flood barrier left out maintenance."),
    ("flood-2", "2026-03-04", "Flood barrier vote: what happens next in Millbrook",
     "A day after the Millbrook council approved a flood barrier along the River Alder, residents of the old "
     "quay asked when work on the barrier would start. The council engineering office said construction of the "
     "flood barrier should begin in June and last about eighteen months. Mayor Tom Hale said the barrier would "
     "protect four hundred homes on the quay. Councillor Ines Berg said the flood barrier cost estimate of 12 "
     "million euros did not include maintenance."),
]
FLOOD_NEW = ("flood-3", "2026-03-10", "Millbrook picks builder for River Alder flood barrier",
             "The Millbrook council picked Alder Works to build the flood barrier along the River Alder on the "
             "old quay. Alder Works offered to build the flood barrier for 11.2 million euros, below the 12 "
             "million euros the council had set aside, council treasurer Ana Ruiz said. Mayor Tom Hale said "
             "construction of the barrier would start in June as planned, protecting four hundred homes on the "
             "quay that flooded in 2023 and 2024.")
LIBRARY = [
    ("library-1", "2026-03-05", "Millbrook library to reopen after roof repairs",
     "Millbrook's public library will reopen on Saturday after five months of roof repairs, the town culture "
     "office said. The library reading room has a new skylight, and the children's section of the library moved "
     "to the ground floor. Head librarian Marta Quint said the library lost about three hundred books to water "
     "damage before the roof repairs began. The library story hour for children restarts next week."),
]
# an entry that carries only a teaser: its page holds the article
LIBRARY_TEASER = ("library-2", "2026-03-07", "Millbrook's library reopens with a new skylight",
                  "The library reopened on Saturday.")
LIBRARY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Millbrook's library reopens</title>
<meta property="og:site_name" content="Millbrook Courier"></head><body><nav><a href="/">Home</a></nav><article>
<h1>Millbrook's library reopens with a new skylight</h1>
<p>Millbrook's public library reopened on Saturday after five months of roof repairs, welcoming more than two
hundred visitors to the library on its first day.</p>
<p>Head librarian Marta Quint said water damage had destroyed about three hundred library books before the roof
repairs began, and readers donated most of the replacements.</p>
<p>The library reading room now has a skylight, and the children's section has moved to the ground floor.</p>
</article></body></html>"""


def rss(entries, title="Alder Valley Radio", base="https://example.org") -> str:
    items = []
    for entry_id, day, headline, text in entries:
        when = format_datetime(datetime.fromisoformat(day).replace(hour=8, tzinfo=timezone.utc), usegmt=True)
        link = entry_link(base, entry_id)
        body = (f"<description>{escape(text)}</description>" if len(text.split()) < 20 else
                f"<content:encoded>{escape('<p>' + text + '</p>')}</content:encoded>")
        items.append(f"<item><title>{escape(headline)}</title><link>{escape(link)}</link>"
                     f"<guid isPermaLink=\"false\">{entry_id}</guid><pubDate>{when}</pubDate>{body}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{escape(title)}</title><link>{base}</link><description>test feed</description>"
            + "".join(items) + "</channel></rss>")


def entry_link(base: str, entry_id: str) -> str:
    return f"{base}/news/{entry_id}.html"


def write_config(path: Path, feeds: list[str], out: Path, extra: str = "", allow_private: bool = True) -> Path:
    """A job config; the test server is on loopback, so its pages are only fetched with allow_private."""
    path.write_text(f'writer = "extractive"\n[sources]\nfeeds = {json.dumps(feeds)}\n'
                    f'[output]\ndir = "{out}"\nformats = ["md", "json"]\n[fetch]\ntimeout = 2\n'
                    + ("allow_private = true\n" if allow_private else "") + extra, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (archive aside): its bytes and modification time in ns."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and "archive" not in p.parts}


def memo_log_rows(db: Path) -> int:
    with Store(db) as store:
        return store.db.execute("SELECT count(*) FROM memo_log").fetchone()[0]


def story_of(out: Path, ext_id: str) -> dict:
    for path in (out / "stories").glob("*.json"):
        memo = json.loads(path.read_text())
        if any(s["article_id"] == ext_id for s in memo["sources"]):
            return memo
    raise AssertionError(f"no memo lists {ext_id}")


def assert_sources_consistent(memo: dict) -> None:
    numbers = {s["article_id"]: s["number"] for s in memo["sources"]}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    claims = [memo["memo"]["headline"]] if memo["memo"]["headline"] else []
    claims += memo["memo"]["summary"] + [c for s in memo["memo"]["sections"] for c in s["claims"]]
    cited = set()
    for claim in claims:
        for c in claim["citations"]:
            assert numbers[c["article_id"]] == c["source"], (c, numbers)
            cited.add(c["article_id"])
    assert {s["article_id"] for s in memo["sources"] if s["cited"]} == cited
    # cited sources come first, numbered in order
    flags = [s["cited"] for s in sorted(memo["sources"], key=lambda s: s["number"])]
    assert flags == sorted(flags, reverse=True)


def test_first_run_builds_then_nothing_new_then_only_changed_stories(run_cli, news_server, tmp_path):
    feed = news_server.set("/avr.rss", rss(FLOOD + LIBRARY + [LIBRARY_TEASER], base=news_server.url("")))
    news_server.set("/news/library-2.html", LIBRARY_PAGE, content_type="text/html; charset=utf-8")
    out = tmp_path / "out"
    init = run_cli("init", str(tmp_path / "example.toml"))
    assert init.returncode == 0 and (tmp_path / "example.toml").is_file()
    config = write_config(tmp_path / "briefing.toml", [feed], out)

    # 1. the first run builds the briefing; the teaser's page is fetched and read
    first = run_cli("--config", str(config), "run", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["status"] == "updated" and report["feeds"]["ingest"]["stored"] == 4
    assert len(report["new"]) == 2 and report["updated"] == []
    assert len(news_server.hits("/news/library-2.html")) == 1
    library = story_of(out, "library-2")
    assert any("two hundred visitors" in s["quote"] for c in library["memo"]["summary"] for s in c["citations"]) or \
        "two hundred" in (out / "stories" / f"{library['memo']['story_id']}.md").read_text()
    flood = story_of(out, "flood-1")
    assert flood["memo"]["story_id"] != library["memo"]["story_id"]
    assert not any(s["key"] == "new" for s in flood["memo"]["sections"]), "a first memo has no 'new since' part"
    assert all(h["user-agent"].startswith("briefing/") for h in news_server.hits("/avr.rss"))
    assert "**new**" in (out / "index.md").read_text()
    before = snapshot(out)
    logged = memo_log_rows(run_cli.default_db)
    assert logged == 2

    # 2. nothing new: one conditional request answered 304, nothing recomposed or rewritten
    second = run_cli("--config", str(config), "run")
    assert second.returncode == 4, second.stderr
    assert "nothing new (exit 4)" in second.stderr.splitlines()[-1]
    hits = news_server.hits("/avr.rss")
    assert len(hits) == 2 and hits[1]["if-none-match"]
    assert len(news_server.hits("/news/library-2.html")) == 1, "a known entry's page is never fetched again"
    assert snapshot(out) == before, "no file rewritten, not even touched"
    assert memo_log_rows(run_cli.default_db) == logged, "no memo composed: no model call possible"

    # 3. a new entry in the flood story: only that story is rewritten, its new part cites only the new entry
    news_server.set("/avr.rss", rss(FLOOD + [FLOOD_NEW] + LIBRARY + [LIBRARY_TEASER], base=news_server.url("")))
    third = run_cli("--config", str(config), "run", "--json")
    assert third.returncode == 0, third.stderr
    report = json.loads(third.stdout)
    flood_id, library_id = flood["memo"]["story_id"], library["memo"]["story_id"]
    assert report["updated"] == [flood_id] and report["new"] == [] and report["unchanged"] == 1
    assert memo_log_rows(run_cli.default_db) == logged + 1
    after = snapshot(out)
    for ext in ("md", "json"):
        name = f"stories/{library_id}.{ext}"
        assert after[name] == before[name], "the unchanged story's memo was left alone"
        assert after[f"stories/{flood_id}.{ext}"][0] != before[f"stories/{flood_id}.{ext}"][0]
    flood = json.loads((out / "stories" / f"{flood_id}.json").read_text())
    # what is new: core claims only the new entry states, marked in place, and the new part with
    # what the core does not show (none here when the core shows it all)
    new_part = [s for s in flood["memo"]["sections"] if s["key"] == "new"]
    marked = [c for c in flood["memo"]["summary"] if c.get("new")]
    assert marked or new_part
    assert all(s["heading"] == "New since the last briefing" for s in new_part)
    cited = {c["article_id"] for claim in marked + [c for s in new_part for c in s["claims"]] for c in claim["citations"]}
    assert cited == {"flood-3"}
    assert_sources_consistent(flood)
    md = (out / "stories" / f"{flood_id}.md").read_text()
    assert ("**New:**" in md) == bool(marked) and ("New since the last briefing" in md) == bool(new_part)
    # the earlier version is in the dated archive, byte for byte
    archived = sorted((out / "archive").rglob(f"{flood_id}-*.md"))
    assert [p.read_bytes() for p in archived] == [before[f"stories/{flood_id}.md"][0]]
    statuses = {s["story_id"]: s["status"] for s in json.loads((out / "index.json").read_text())["stories"]}
    assert statuses == {flood_id: "updated", library_id: ""}
    index_md = (out / "index.md").read_text()
    flood_block = index_md.split(f"stories/{flood_id}.md")[1].split("## ")[0]
    library_block = index_md.split(f"stories/{library_id}.md")[1].split("## ")[0]
    assert "**updated**" in flood_block and "**" not in library_block.replace("\\*", "")


def test_failing_feeds_are_reported_and_retried_without_stopping_the_others(run_cli, news_server, tmp_path):
    good = news_server.set("/good.rss", rss(FLOOD, base=news_server.url("")))
    slow = news_server.set("/slow.rss", rss(LIBRARY), delay=5)
    garbage = news_server.set("/garbage.rss", b"\x89PNG\r\n\x1a\n this is no feed at all <<<>>>",
                              content_type="application/rss+xml")
    html = news_server.set("/html.rss", "<html><body><p>Not a feed, a web page.</p></body></html>",
                           content_type="text/html")
    out = tmp_path / "out"
    config = write_config(tmp_path / "briefing.toml", [slow, garbage, html, good], out)
    first = run_cli("--config", str(config), "run", timeout=120)
    assert first.returncode == 1, first.stderr
    failed = {line.split()[2].rstrip(":"): line for line in first.stderr.splitlines() if line.startswith("failed feed")}
    assert set(failed) == {slow, garbage, html}
    assert "timeout" in failed[slow] and "retried next run" in failed[slow]
    assert "binary" in failed[garbage] or "malformed-feed" in failed[garbage]
    assert "malformed-feed" in failed[html]
    assert "partial failure (exit 1)" in first.stderr.splitlines()[-1]
    assert len(list((out / "stories").glob("*.md"))) == 1, "the good feed's story was written"
    with Store(run_cli.default_db) as store:
        assert store.fetch_state(slow)["failures"] == 1 and "timeout" in store.fetch_state(slow)["error"]
        assert store.fetch_state(good)["error"] is None and store.fetch_state(good)["etag"]

    # the broken feeds are fixed: the next run reads them; the good one costs a 304
    news_server.set("/slow.rss", rss(LIBRARY, base=news_server.url("")))
    news_server.set("/garbage.rss", rss([FLOOD_NEW], base=news_server.url("")))
    news_server.set("/html.rss", rss([], base=news_server.url("")))
    second = run_cli("--config", str(config), "run", "--json", timeout=120)
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["feeds"]["not_modified"] == [good] and report["feeds"]["failures"] == []
    assert report["feeds"]["ingest"]["stored"] == 2
    with Store(run_cli.default_db) as store:
        assert store.fetch_state(slow)["failures"] == 0 and store.fetch_state(slow)["error"] is None


def test_a_failed_page_keeps_the_entry_out_and_is_retried_next_run(run_cli, news_server, tmp_path):
    feed = news_server.set("/avr.rss", rss(LIBRARY + [LIBRARY_TEASER], base=news_server.url("")))
    news_server.set("/news/library-2.html", "down for maintenance", content_type="text/html", status=503)
    out = tmp_path / "out"
    private = tmp_path / "private.toml"  # [fetch] applies with --feed too
    private.write_text("[fetch]\nallow_private = true\n", encoding="utf-8")
    first = run_cli("--config", str(private), "run", "--feed", feed, "--out", str(out), "--format", "json", "--json")
    assert first.returncode == 1
    report = json.loads(first.stdout)
    assert [(f["kind"], f["reason"]) for f in report["feeds"]["failures"]] == [("page", "http-503")]
    assert report["feeds"]["ingest"]["stored"] == 1  # the entry with full content
    news_server.set("/news/library-2.html", LIBRARY_PAGE, content_type="text/html; charset=utf-8")
    second = run_cli("--config", str(private), "run", "--feed", feed, "--out", str(out), "--format", "json",
                     "--json")
    assert second.returncode == 0, second.stderr
    report = json.loads(second.stdout)
    assert report["feeds"]["ingest"]["stored"] == 1 and report["feeds"]["known_entries"] == 1
    assert "if-none-match" not in news_server.hits("/avr.rss")[1], "validators were not kept: the feed is read again"
    with Store(run_cli.default_db) as store:
        article = store.get_article("library-2")
        assert "two hundred" in article.text and article.meta_origin["text"] == "linked page"


# -- killed and overlapping runs ----------------------------------------------------------------
def bench_input(bench_dir: Path, folder: Path, n: int) -> Path:
    """`n` articles from the benchmark summaries (DUC clusters) as one JSON Lines file."""
    folder.mkdir()
    lines = []
    for path in sorted((bench_dir / "summaries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for a in record.get("articles", [record]):
                if a.get("text") and len(lines) < n:
                    lines.append(json.dumps({"id": f"bench-{len(lines)}", "title": a.get("title"),
                                             "published": a.get("published"), "text": a["text"]}))
    if len(lines) < n:
        pytest.skip("not enough benchmark articles")
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def cli_env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "OPENAI_"))}
    env.update({"BRIEFING_DB": str(db), "BRIEFING_WRITER": "extractive", "PYTHONIOENCODING": "utf-8"})
    return env


def state(db: Path, out: Path) -> dict:
    with Store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = store.db.execute("SELECT a.ext_id, sa.story_id FROM articles a LEFT JOIN story_articles sa"
                                " ON sa.article_id = a.id ORDER BY a.ext_id").fetchall()
        assert len({r[0] for r in rows}) == len(rows), "no article stored twice"
        briefed = store.briefed_stories()
        stories = store.story_ids()
        assert not store.unbriefed_counts(), "every article is covered by a written memo"
    assert set(briefed) == stories
    files = sorted(p.name for p in (out / "stories").iterdir())
    assert not list(out.rglob("*.tmp")), "no temporary file left behind"
    return {"articles": rows, "memo_files": files}


def test_a_run_killed_mid_way_is_completed_by_the_next_run(bench_dir, tmp_path):
    inputs = bench_input(bench_dir, tmp_path / "in", 200)
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean-out"
    clean = subprocess.run([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(clean_out)],
                           env=cli_env(clean_db), capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    expected = state(clean_db, clean_out)

    db, out, log = tmp_path / "b.db", tmp_path / "out", tmp_path / "run.log"
    kill_when_logged([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(out), "--log-file", str(log)],
                     cli_env(db), log, "wrote memo 3/")
    with Store(db) as store:
        written_before = len(store.briefed_stories())
        assert 0 < written_before < len(store.story_ids()), "killed in the middle of writing memos"

    (out / "stories" / ".s-x.md.briefing-k1ll3d00.tmp").write_text("half a memo")  # as if killed inside write_atomic
    again = subprocess.run([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(out), "--json"],
                           env=cli_env(db), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["ingest"]["stored"] == 0 and report["unchanged"] == written_before
    assert state(db, out) == expected
    final = subprocess.run([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(out)],
                           env=cli_env(db), capture_output=True, text=True, timeout=600)
    assert final.returncode == 4, final.stderr


def test_an_overlapping_run_exits_5_and_writes_nothing(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FLOOD[0][3], encoding="utf-8")
    out = tmp_path / "out"
    with RunLock(lock_path_for(run_cli.default_db)):
        blocked = run_cli("run", str(folder), "--out", str(out))
        assert blocked.returncode == 5
        assert "another briefing run holds" in blocked.stderr and f"pid {os.getpid()}" in blocked.stderr
        assert not out.exists()
        if run_cli.default_db.exists():
            with Store(run_cli.default_db) as store:
                assert store.counts()["articles"] == 0
    done = run_cli("run", str(folder), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert len(list((out / "stories").glob("*.md"))) == 1


def test_an_overlapping_run_with_wait_runs_after_the_first(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FLOOD[0][3], encoding="utf-8")
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom briefing.job.lock import RunLock\n"
                               "with RunLock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(1)\n",
                               str(lock_path_for(run_cli.default_db))], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        waited = run_cli("run", str(folder), "--out", str(out), "--wait", "60")
        assert holder.poll() is not None or holder.wait() == 0
        assert waited.returncode == 0, waited.stderr
    finally:
        holder.wait()


def test_keep_days_prunes_old_articles_and_their_stories(run_cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    old = [{"id": "old-1", "published": "2001-01-01", "title": LIBRARY[0][2], "text": LIBRARY[0][3]}]
    recent = [{"id": f, "published": datetime.now(timezone.utc).date().isoformat(), "title": t, "text": x}
              for f, _, t, x in FLOOD]
    (folder / "a.json").write_text(json.dumps(old + recent), encoding="utf-8")
    out = tmp_path / "out"
    first = run_cli("run", str(folder), "--out", str(out), "--format", "md")
    assert first.returncode == 0
    assert len(list((out / "stories").glob("*.md"))) == 2
    pruned = run_cli("run", str(folder), "--out", str(out), "--format", "md", "--keep-days", "30", "--json")
    assert pruned.returncode == 0, pruned.stderr
    report = json.loads(pruned.stdout)
    assert report["pruned"]["articles"] == 1 and len(report["pruned"]["stories"]) == 1
    gone = report["pruned"]["stories"][0]
    assert not (out / "stories" / f"{gone}.md").exists() and list((out / "archive").rglob(f"{gone}-*.md"))
    assert gone not in (out / "index.md").read_text()
    # the old file is still in the folder: it is not stored again
    again = run_cli("run", str(folder), "--out", str(out), "--format", "md", "--keep-days", "30", "--json")
    assert json.loads(again.stdout)["pruned"] == {"articles": 0, "stories": []} and again.returncode == 4
    assert json.loads(again.stdout)["ingest"]["stored"] == 0
    # nor by a run without --keep-days
    assert run_cli("run", str(folder), "--out", str(out), "--format", "md").returncode == 4
    with Store(run_cli.default_db) as store:
        assert store.get_article("old-1") is None and store.counts()["articles"] == 2


# -- parts: the "new since" section, the job's config ----------------------------------------------
def test_new_since_part_cites_only_new_articles_and_renumbers_sources():
    from briefing.ingest.build import build_article
    from briefing.models import Citation, Claim, Memo, Source
    from briefing.memo.whatsnew import add_new_since

    a, b, c, d = (build_article(x[0], x[3], source_path=x[0], title=x[2], published=x[1])
                  for x in FLOOD + [LIBRARY[0], FLOOD_NEW])
    old = Claim(text="The council voted.", kind="bottom-line",
                citations=[Citation(article_id=a.ext_id, sentence=0, quote=a.sentence_texts()[0], source=1)])
    memo = Memo(story_id="s-x", title="t", headline=None, summary=[old], sections=[],
                sources=[Source(1, a.ext_id), Source(2, b.ext_id, cited=False), Source(3, c.ext_id, cited=False),
                         Source(4, d.ext_id, cited=False)],
                coverage={}, writer="extractive")
    add_new_since(memo, [d])
    part = memo.sections[0]
    assert part.key == "new" and part.claims
    assert {ci.article_id for cl in part.claims for ci in cl.citations} == {d.ext_id}
    numbers = {s.article_id: (s.number, s.cited) for s in memo.sources}
    assert numbers == {a.ext_id: (1, True), d.ext_id: (2, True), b.ext_id: (3, False), c.ext_id: (4, False)}
    for claim in part.claims:
        for ci in claim.citations:
            assert ci.source == 2 and ci.quote == d.sentence_texts()[ci.sentence]
    assert old.citations[0].source == 1


@pytest.mark.parametrize("body, message", [
    ('[sources]\nfeeds = "ftp://x/feed"\n', "sources.feeds: 'ftp://x/feed' is not an http"),
    ('[sources]\nfeeds = [1, 2]\n', "sources.feeds: must be a list of strings"),
    ('[run]\nkeep_days = 0\n', "run.keep_days"),
    ('[fetch]\ntimeuot = 3\n', "fetch.timeuot: unknown setting"),
    ('[fetch]\nallow_private = "yes"\n', "fetch.allow_private: must be true or false"),
    ('[fetch]\npage_budget = 0\n', "fetch.page_budget: must be a positive number"),
    ('[output]\nformats = ["md", "pdf"]\n', "pdf"),
    ('[output]\n', "give --out DIR"),
    ('sources = 3\n', "sources: must be a table"),
])
def test_bad_job_config_is_a_usage_error_naming_file_and_key(run_cli, tmp_path, body, message):
    config = tmp_path / "briefing.toml"
    config.write_text(body, encoding="utf-8")
    result = run_cli("--config", str(config), "run")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    if "give --out" not in message and "pdf" not in message:
        assert str(config) in result.stderr


def test_config_paths_are_relative_to_the_config_file_and_init_refuses_to_overwrite(run_cli, tmp_path):
    job = tmp_path / "job"
    (job / "inbox").mkdir(parents=True)
    (job / "inbox" / "a.txt").write_text(FLOOD[0][3], encoding="utf-8")
    assert run_cli("init", str(job / "briefing.toml")).returncode == 0
    again = run_cli("init", str(job / "briefing.toml"))
    assert again.returncode == 2 and "--force" in again.stderr
    text = (job / "briefing.toml").read_text().replace('folders = [\n', 'folders = [\n    "inbox",\n')
    (job / "briefing.toml").write_text(text)
    result = run_cli("--config", str(job / "briefing.toml"), "run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list((job / "briefing-out" / "stories").glob("*.md"))) == 1


def test_a_changed_layout_or_writer_setting_rewrites_every_memo_once(run_cli, tmp_path):
    from conftest import REPO_ROOT

    examples, out = REPO_ROOT / "examples" / "articles", tmp_path / "out"
    first = run_cli("run", str(examples), "--out", str(out), "--format", "md", "--json")
    assert first.returncode == 0, first.stderr
    stories = json.loads(first.stdout)["memos"]
    assert len(stories) >= 2
    assert run_cli("run", str(examples), "--out", str(out), "--format", "md").returncode == 4
    layout = tmp_path / "layout"
    layout.mkdir()
    builtin = (REPO_ROOT / "briefing" / "templates" / "memo.v3.md.j2").read_text(encoding="utf-8")
    (layout / "memo.md.j2").write_text(builtin + "\nHouse layout.\n", encoding="utf-8")
    changed = run_cli("run", str(examples), "--out", str(out), "--format", "md", "--template", str(layout), "--json")
    assert changed.returncode == 0, changed.stderr
    report = json.loads(changed.stdout)
    # same articles: no story is new or updated, every memo is rewritten in the new layout, the old kept
    assert sorted(report["memos"]) == sorted(stories) and not report["new"] and not report["updated"]
    assert all((out / "stories" / f"{s}.md").read_text(encoding="utf-8").endswith("House layout.\n") for s in stories)
    assert len(report["archived"]) >= len(stories)
    again = run_cli("run", str(examples), "--out", str(out), "--format", "md", "--template", str(layout))
    assert again.returncode == 4, again.stderr


def test_the_memo_recipe_follows_writer_settings_and_layouts(tmp_path):
    from briefing.render.pages import Templates
    from briefing.job.runner import memo_recipe
    from briefing.writers.extractive import ExtractiveWriter
    from briefing.writers.llama import LlamaWriter

    builtin = Templates()
    lead, lead_again, everything = LlamaWriter(parts="lead"), LlamaWriter(parts="lead"), LlamaWriter(parts="all")
    assert memo_recipe(lead, builtin, ["md"]) == memo_recipe(lead_again, builtin, ["md"])  # the model is not loaded
    assert memo_recipe(lead, builtin, ["md"]) != memo_recipe(everything, builtin, ["md"])
    assert memo_recipe(lead, builtin, ["md"]) != memo_recipe(ExtractiveWriter(), builtin, ["md"])
    own = tmp_path / "memo.md.j2"
    own.write_text("{{ title }}\n", encoding="utf-8")
    assert memo_recipe(ExtractiveWriter(), Templates(own), ["md"]) != memo_recipe(ExtractiveWriter(), builtin, ["md"])


def bench_files(bench_dir: Path, folder: Path, n: int) -> Path:
    """`n` benchmark articles, one JSON file each (so an ingest has many steps to be killed between)."""
    one = bench_input(bench_dir, folder.parent / (folder.name + "-one"), n) / "articles.jsonl"
    folder.mkdir()
    for k, line in enumerate(one.read_text(encoding="utf-8").splitlines()):
        (folder / f"a{k:04d}.json").write_text(line, encoding="utf-8")
    return folder


def kill_when_logged(command: list[str], env: dict, log: Path, marker: str) -> None:
    """Runs `command` and SIGKILLs it as soon as `marker` appears in its log file."""
    victim = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while victim.poll() is None and marker not in (log.read_text() if log.exists() else ""):
            time.sleep(0.01)
        assert victim.poll() is None, f"the run ended before '{marker}': give it more work"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    finally:
        if victim.poll() is None:
            victim.kill()
    assert victim.returncode == -signal.SIGKILL


def test_a_run_killed_while_ingesting_is_completed_by_the_next_run(bench_dir, tmp_path):
    """Ingest commits every COMMIT_EVERY articles (20 here, so that 150 files make several
    transactions): a kill leaves whole transactions, and the next run stores just the rest."""
    inputs = bench_files(bench_dir, tmp_path / "in", 150)
    clean_db, clean_out = tmp_path / "clean.db", tmp_path / "clean-out"
    clean = subprocess.run([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(clean_out), "--json"],
                           env=cli_env(clean_db), capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    clean_stored = json.loads(clean.stdout)["ingest"]["stored"]
    expected = state(clean_db, clean_out)

    db, out, log = tmp_path / "b.db", tmp_path / "out", tmp_path / "run.log"
    small_batches = ("import sys, runpy, importlib; importlib.import_module('briefing.ingest').COMMIT_EVERY = 20; "
                     "sys.argv[0] = 'briefing'; "
                     "runpy.run_module('briefing', run_name='__main__')")
    kill_when_logged([sys.executable, "-c", small_batches, "run", str(inputs), "--out", str(out), "--log-file", str(log)],
                     cli_env(db), log, "reading file 90/")
    with Store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert 0 < stored < clean_stored, "killed in the middle of the ingest, after some transactions"
        assert not store.story_ids(), "killed before clustering"
    again = subprocess.run([sys.executable, "-m", "briefing", "run", str(inputs), "--out", str(out), "--json"],
                           env=cli_env(db), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["ingest"]["stored"] == clean_stored - stored
    assert state(db, out) == expected


def test_a_run_killed_while_fetching_pages_is_completed_by_the_next_run(news_server, tmp_path):
    """Summary-only entries whose pages are slow: the run is killed after a few pages; the feed's
    entries and validators are stored together, so the next run fetches the feed again in full."""
    teasers = [(f"teaser-{k}", f"2026-03-{10 + k:02d}", f"Millbrook story number {k}", f"Teaser {k} of a story.")
               for k in range(6)]
    feed = news_server.set("/slow.xml", rss(teasers, base=news_server.url("")))
    for entry_id, _, headline, _ in teasers:
        page = LIBRARY_PAGE.replace("Millbrook's library reopens with a new skylight", headline)
        news_server.set(f"/news/{entry_id}.html", page, content_type="text/html; charset=utf-8", delay=0.4)
    clean_out = tmp_path / "clean-out"
    config = write_config(tmp_path / "clean.toml", [feed], clean_out)
    clean = subprocess.run([sys.executable, "-m", "briefing", "run", "--config", str(config), "--json"],
                           env=cli_env(tmp_path / "clean.db"), capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stderr
    clean_ingest = json.loads(clean.stdout)["feeds"]["ingest"]
    assert clean_ingest["stored"] + len(clean_ingest["duplicates"]) == len(teasers)
    expected = state(tmp_path / "clean.db", clean_out)

    db, out, log = tmp_path / "b.db", tmp_path / "out", tmp_path / "run.log"
    config = write_config(tmp_path / "b.toml", [feed], out)
    feed_hits = len(news_server.hits("/slow.xml"))
    kill_when_logged([sys.executable, "-m", "briefing", "run", "--config", str(config), "--log-file", str(log)],
                     cli_env(db), log, f"fetching page: {entry_link(news_server.url(''), 'teaser-2')}")
    with Store(db) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
        assert not (store.fetch_state(feed) or {}).get("etag"), "no validators kept for a feed read in part"
    again = subprocess.run([sys.executable, "-m", "briefing", "run", "--config", str(config), "--json"],
                           env=cli_env(db), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert len(news_server.hits("/slow.xml")) == feed_hits + 2, "the next run fetched the feed again"
    assert json.loads(again.stdout)["feeds"]["ingest"] == clean_ingest
    assert state(db, out) == expected
