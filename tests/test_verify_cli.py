"""`briefing verify MEMO.json`: re-checks a memo file against the stored articles, exit codes
0 (all supported), 1 (unsupported claims or citations that do not resolve), 2 (unreadable or
malformed memo file), 3 (database unusable)."""
from __future__ import annotations

import json

import pytest


@pytest.fixture
def memo_file(run_cli, seeds_dir, tmp_path):
    done = run_cli("memo", seeds_dir, "--one-story", "--json")
    assert done.returncode == 0, done.stderr
    path = tmp_path / "memo.json"
    path.write_text(done.stdout, encoding="utf-8")
    return path


def _tamper(path, tmp_path, name, change) -> "object":
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["memo"])
    out = tmp_path / name
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_a_fresh_memo_verifies(run_cli, memo_file):
    done = run_cli("verify", memo_file, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["claims"] == report["supported"] > 10
    assert report["unresolved_citations"] == 0
    assert all(r["supported"] and r["score"] > 0.7 for r in report["results"])


def test_a_changed_number_is_reported_and_exits_1(run_cli, memo_file, tmp_path):
    def change(memo):
        claim = next(c for c in memo["sections"][1]["claims"] if "20 years" in c["text"])
        claim["text"] = claim["text"].replace("20 years", "25 years")

    done = run_cli("verify", _tamper(memo_file, tmp_path, "t.json", change))
    assert done.returncode == 1
    assert "UNSUPPORTED" in done.stdout and "number: 25 is not in the cited sentences" in done.stdout
    assert "1 unsupported" in done.stdout


def test_a_citation_that_does_not_resolve_exits_1(run_cli, memo_file, tmp_path):
    def change(memo):
        memo["summary"][0]["citations"][0]["sentence"] = 999
        memo["summary"][1]["citations"][0]["article_id"] = "no/such/article.txt"

    done = run_cli("verify", _tamper(memo_file, tmp_path, "u.json", change), "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    unresolved = [u for r in report["results"] for u in r["unresolved"]]
    assert any("no sentence 999" in u for u in unresolved)
    assert any("no/such/article.txt: no such article" in u for u in unresolved)


def test_a_claim_moved_to_another_sentence_exits_1(run_cli, memo_file, tmp_path):
    def change(memo):
        a, b = memo["summary"][0], memo["summary"][1]
        a["text"], b["text"] = b["text"], a["text"]

    done = run_cli("verify", _tamper(memo_file, tmp_path, "m.json", change), "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["unsupported"] >= 2


@pytest.mark.parametrize("content,reason", [
    ('{"memo": ', "not valid JSON"),
    ('{"stories": []}', 'no "memo" object'),
    ('{"memo": {"summary": "text"}}', '"summary" is not a list'),
    ('{"memo": {"summary": [{"text": "x", "citations": [{"sentence": 1}]}]}}', 'has no "article_id"'),
    ('{"memo": {"summary": []}}', "no claims"),
])
def test_a_broken_memo_file_exits_2_naming_file_and_reason(run_cli, tmp_path, content, reason):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 2
    assert "broken.json" in done.stderr and reason in done.stderr


def test_a_missing_file_exits_2(run_cli, tmp_path):
    done = run_cli("verify", tmp_path / "nope.json")
    assert done.returncode == 2 and "nope.json" in done.stderr


def test_an_unusable_database_exits_3(run_cli, memo_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    done = run_cli("verify", memo_file, db=blocker / "b.db")
    assert done.returncode == 3


def test_help_documents_exit_codes(run_cli):
    done = run_cli("verify", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "0 every claim is supported" in text and "1 some claims are unsupported" in text
    assert "2 usage error" in text and "3 the database cannot be used" in text
