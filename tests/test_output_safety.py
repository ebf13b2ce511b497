"""Nothing gets in (issue 7): article markup and template syntax are inert in every output format
of a real `briefing run`, user templates run sandboxed, and the database and output files get
sensible permissions even under a permissive umask.

Also covered elsewhere, not repeated: escaping in one rendered memo (tests/test_memo.py), the
prompt-injection test with the real bundled model (tests/test_llama_writer.py), API keys never in
logs, errors, the database or outputs (tests/test_openai_writer.py); property tests over arbitrary
text in tests/test_properties.py.
"""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from test_properties import assert_no_live_markup

HOSTILE = """Millbrook's council approved a flood barrier <script>alert('x')</script> on Tuesday by a vote of 7 to 2, the mayor said.
The engineer said {{ 7 * 7 }} and {% for x in range(9) %}loop{% endfor %} were part of the barrier plan [see](javascript:alert(1)).
Residents said the barrier <img src=x onerror="alert(2)"> would protect about 4,000 homes from spring floods.
The council said the barrier </style></title><iframe src="https://evil.example"></iframe> will cost 12 million dollars.
Opponents said the money {# comment #} should have gone to <a href="javascript:alert(3)" onclick="x()">schools</a> instead.
"""
OTHER = """MILLBROOK — The Millbrook city council approved a new river flood barrier on Tuesday by a vote of 7 to 2.
The barrier will cost 12 million dollars and protect about 4,000 homes along the river, the mayor said.
Construction is expected to start in the spring and to take three years, the city engineer said.
"""
MARKERS = ("<script", "javascript:", "{{ 7 * 7 }}", "{% for", "onerror", "<iframe", "</style>")


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.md").write_text("---\ntitle: \"Flood <script>alert(9)</script> {{ 6 * 7 }} barrier\"\n"
                                       "source: \"<b onmouseover=alert(4)>Evil Times</b>\"\n"
                                       "url: \"javascript:alert(5)\"\n---\n" + HOSTILE, encoding="utf-8")
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    return folder


def test_hostile_article_is_inert_in_every_output_of_a_run(run_cli, tmp_path):
    out = tmp_path / "out"
    r = run_cli("run", _inputs(tmp_path), "--out", out, "--format", "md,html,txt,json", "--json")
    assert r.returncode == 0, r.stderr
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.suffix for p in files} == {".md", ".html", ".txt", ".json"}
    memo = json.loads(next(p for p in files if p.suffix == ".json" and p.parent.name == "stories").read_text())
    quotes = [c["quote"] for claim in memo["memo"]["summary"] for c in claim["citations"]]
    assert any(m in q for q in quotes for m in MARKERS), "the test needs hostile sentences in the memo"
    for p in files:
        text = p.read_text(encoding="utf-8")
        assert "loop" * 9 not in text, p  # no {% for %} from an article ever ran
        if p.suffix == ".html":
            assert_no_live_markup(text)
            assert "Content-Security-Policy" in text or p.name.startswith("index"), p
        elif p.suffix == ".md":
            assert not re.search(r"(?<!\\)<(script|img|iframe|a |b )", text, re.I), p
            assert not re.search(r"(?<!\\)\]\(javascript:", text), p
        elif p.suffix == ".txt":
            # printed, never evaluated; the index's time stamp ("17:42 UTC") is no evaluated figure
            shown = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "", text).replace("4,000", "")
            assert "49" not in shown and "42" not in shown, p
        else:
            json.loads(text)  # valid JSON whatever the text held
    html = (out / "stories" / f"{memo['memo']['story_id']}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html  # shown as text, not dropped


@pytest.fixture
def one_article(tmp_path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(OTHER, encoding="utf-8")
    return p


@pytest.mark.parametrize("template, cause", [
    ("{{ title.__class__.__mro__[1].__subclasses__() }}", "unsafe"),
    ("{{ ''.__class__.__base__.__subclasses__() }}", "unsafe"),
    ("{{ cycler.__init__.__globals__.os.environ }}", ""),
    ("{% for i in range(10 ** 9) %}x{% endfor %}", "range"),
    ("{% include '../secret.txt' %}", "secret.txt"),
    ("{% include '/etc/passwd' %}", "passwd"),
])
def test_user_templates_cannot_reach_python_files_or_unbounded_loops(run_cli, tmp_path, one_article, template, cause):
    (tmp_path / "secret.txt").write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    tdir = tmp_path / "templates"
    tdir.mkdir()
    t = tdir / "evil.md.j2"
    t.write_text("Memo\n" + template + "\n", encoding="utf-8")
    r = run_cli("memo", one_article, "--one-story", "--template", t, timeout=120)
    assert r.returncode == 2, (r.returncode, r.stdout[:500], r.stderr[-500:])
    assert str(t) in r.stderr and "line 2" in r.stderr
    assert cause.lower() in r.stderr.lower()
    for leaked in ("TOP-SECRET-CONTENT", "root:", "<class", "PATH="):
        assert leaked not in r.stdout and leaked not in r.stderr


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_database_and_outputs_have_sensible_permissions_under_umask_000(tmp_path):
    """Even with umask 000: the database and its WAL files are the owner's only (0600); memos and
    the index are readable but nobody else can write them (0644)."""
    folder = _inputs(tmp_path)
    db, out = tmp_path / "data" / "b.db", tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "XDG_", "OPENAI_"))}
    env.update(HOME=str(tmp_path / "home"), BRIEFING_DB=str(db), BRIEFING_WRITER="extractive")
    r = subprocess.run([sys.executable, "-c", "import os, runpy, sys; os.umask(0); sys.argv = ['briefing'] + "
                        "sys.argv[1:]; runpy.run_module('briefing', run_name='__main__', alter_sys=True)",
                        "run", str(folder), "--out", str(out), "--format", "md,html,json"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert _mode(db) == 0o600
    for side in (db.with_name("b.db-wal"), db.with_name("b.db-shm")):
        if side.exists():
            assert _mode(side) & 0o077 == 0, (side, oct(_mode(side)))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for p in files:
        assert _mode(p) == 0o644, (p, oct(_mode(p)))
    for d in [out] + [p for p in out.rglob("*") if p.is_dir()]:  # folders the run created: not world-writable
        assert _mode(d) == 0o755, (d, oct(_mode(d)))
    assert not [p for p in out.rglob(".*.tmp")]  # no temporary file left behind
