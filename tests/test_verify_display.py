"""The check reads what a person reads (issue 18, cases 6, 7 and 14): a claim edited with
invisible characters ("will n\\u200bot reopen", "f\\u200bifty months", a soft hyphen, a
right-to-left override) must not pass as supported, in `briefing verify` and in the memo's own
check; a citation must carry its quote and name a source of the memo; `verify` never prints
the terminal escape sequences a claim holds."""
from __future__ import annotations

import json

import pytest

from briefing.verify.checks import check

SOURCE = "The city council said the old railway bridge will reopen to traffic before the spring floods next year."
MONTHS_SOURCE = "The contractor said the repairs of the old railway bridge would take five months and cost more than planned."


@pytest.mark.parametrize("claim", [
    "The city council said the old railway bridge will n\u200bot reopen to traffic before the spring floods next year.",
    "The city council said the old railway bridge will n\u00adot reopen to traffic before the spring floods next year.",
    "The city council said the old railway bridge will n\u2060ot reopen to traffic before the spring floods next year.",
    "The city council said the old railway bridge will \uff4e\uff4f\uff54 reopen to traffic before the spring floods next year.",
])
def test_a_negation_hidden_by_invisible_or_compatibility_characters_is_read(claim):
    verdict = check(claim, [SOURCE])
    assert not verdict.supported
    assert any(p.startswith("negation:") for p in verdict.problems), verdict.problems


def test_a_number_split_by_a_zero_width_space_is_read():
    claim = "The contractor said the repairs of the old railway bridge would take f\u200bifty months and cost more than planned."
    verdict = check(claim, [MONTHS_SOURCE])
    assert not verdict.supported
    assert "number: 50 is not in the cited sentences" in verdict.problems


def test_invisible_characters_that_change_nothing_a_person_reads_still_verify():
    claim = "The city council said the old rail\u00adway bridge will re\u200bopen to traffic before the spring floods next year."
    assert check(claim, [SOURCE]).supported


@pytest.mark.parametrize("claim, problem", [
    ("The city council said the old railway bridge will reopen to traffic before the \u202espring\u202c floods next year.",
     "bidi controls"),
    ("The city council said the old railway bridge will n\u043et reopen to traffic before the spring floods next year.",
     "mixes letters"),
])
def test_text_that_displays_otherwise_than_stored_is_unsupported(claim, problem):
    verdict = check(claim, [SOURCE])
    assert not verdict.supported
    assert any(p.startswith("text:") and problem in p for p in verdict.problems), verdict.problems


# -- briefing verify on a real memo ----------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_memo(tmp_path_factory):
    import os
    import subprocess
    import sys

    from conftest import SHARED

    seeds_dir = SHARED / "seeds"
    if not seeds_dir.is_dir():
        pytest.skip(f"seed articles not found at {seeds_dir}")
    tmp = tmp_path_factory.mktemp("verify-display")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "XDG_", "OPENAI_"))}
    env.update({"BRIEFING_DB": str(tmp / "b.db"), "BRIEFING_WRITER": "extractive", "HOME": str(tmp),
                "XDG_CONFIG_HOME": str(tmp / "config"), "PYTHONIOENCODING": "utf-8"})
    done = subprocess.run([sys.executable, "-m", "briefing", "memo", str(seeds_dir), "--one-story", "--json"],
                          env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    return tmp / "b.db", json.loads(done.stdout)


def _long_claim(data: dict) -> dict:
    """A claim citing one sentence, with at least 12 words (one unknown word leaves it over 75% covered)."""
    memo = data["memo"]
    claims = memo["summary"] + [c for s in memo["sections"] for c in s["claims"]]
    return next(c for c in claims if len(c["citations"]) == 1 and len(c["citations"][0]["quote"].split()) >= 12)


def _verify(run_cli, db, data, tmp_path, name="m.json", *extra):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return run_cli("verify", path, *extra, db=db)


def _insert(quote: str, word: str) -> str:
    """The quote with `word` put before its fourth-last word (a content word, in these sentences)."""
    words = quote.split()
    return " ".join(words[:-4] + [word] + words[-4:])


@pytest.mark.parametrize("hidden", ["n\u200bot", "n\u00adot", "f\u200bifty", "\u202e"])
def test_verify_reads_the_claim_as_displayed(run_cli, seeds_memo, tmp_path, hidden):
    db, data = seeds_memo
    data = json.loads(json.dumps(data))
    claim = _long_claim(data)
    claim["text"] = _insert(claim["citations"][0]["quote"], hidden)
    done = _verify(run_cli, db, data, tmp_path, "m.json", "--json")
    assert done.returncode == 1, done.stdout  # before: exit 0, every claim "supported"
    report = json.loads(done.stdout)
    bad = [r for r in report["results"] if not r["supported"]]
    assert [r["text"] for r in bad] == [claim["text"]]


def test_an_untouched_memo_still_verifies(run_cli, seeds_memo, tmp_path):
    db, data = seeds_memo
    done = _verify(run_cli, db, data, tmp_path)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("change, message", [
    (lambda c: c.pop("quote"), "carries no quote"),
    (lambda c: c.update(source=99), "source 99 names no source"),
    (lambda c: c.pop("source"), "source None names no source"),
])
def test_a_citation_must_carry_its_quote_and_name_a_real_source(run_cli, seeds_memo, tmp_path, change, message):
    db, data = seeds_memo
    data = json.loads(json.dumps(data))
    change(_long_claim(data)["citations"][0])
    done = _verify(run_cli, db, data, tmp_path)
    assert done.returncode == 1, done.stdout  # before: exit 0
    assert message in done.stdout and "UNRESOLVED" in done.stdout


def test_a_quote_that_differs_only_in_invisible_characters_resolves(run_cli, seeds_memo, tmp_path):
    db, data = seeds_memo
    data = json.loads(json.dumps(data))
    citation = _long_claim(data)["citations"][0]
    citation["quote"] = citation["quote"].replace(" ", " \u200b", 2)
    assert _verify(run_cli, db, data, tmp_path).returncode == 0


def test_verify_prints_no_terminal_escape_sequences(run_cli, seeds_memo, tmp_path):
    db, data = seeds_memo
    data = json.loads(json.dumps(data))
    claim = _long_claim(data)
    claim["text"] = "\x1b[2J\x1b[31mALL CLEAR\x1b[0m " + claim["text"] + "\x07"
    done = _verify(run_cli, db, data, tmp_path, "esc.json", "--all")
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "\\x1b[31mALL CLEAR" in done.stdout  # shown, as text


def test_verify_on_200000_nested_brackets_exits_2_naming_the_file(run_cli, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    done = run_cli("verify", path)
    assert done.returncode == 2, done.stderr[-500:]  # before: RecursionError traceback, exit 1
    assert str(path) in done.stderr and "nested too deeply" in done.stderr and "Traceback" not in done.stderr
