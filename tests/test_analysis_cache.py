"""Per-article sentence analyses kept in the database (`briefing/analysis.py`): a rewritten story
analyses only its new articles, a stale analysis is recomputed, pruning drops them, and a memo
made from stored analyses is exactly the memo made from fresh ones (real seed and benchmark
articles, a real SQLite file). Also: the cheap checks that let compress and is_usable skip a
regex never skip one that would have matched."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefing
from briefing.memo import analysis
from briefing.memo import compress as C
from briefing.memo import salience as S
from briefing.memo.compose import compose
from briefing.render.pages import Templates, render_memo


def _cluster_file(bench_dir: Path, name: str, n: int, folder: Path) -> tuple[Path, list[dict]]:
    """Cluster `n` of a summaries benchmark file as a JSON Lines file in `folder`."""
    rows = (bench_dir / "summaries" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    cluster = json.loads(rows[n])
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{n}.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in cluster["articles"]), encoding="utf-8")
    return path, cluster["articles"]


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The ext_ids of the articles analysed (not read back from the store), in call order."""
    calls: list[str] = []
    real = analysis.analyse_article

    def counting(article):
        calls.append(article.ext_id)
        return real(article)

    monkeypatch.setattr(analysis, "analyse_article", counting)
    return calls


def _rendered(memo) -> dict[str, str]:
    out = {fmt: render_memo(memo, fmt, Templates()) for fmt in ("md", "json", "html")}
    out["json"] = re.sub(r'"seconds": [0-9.e-]+', '"seconds": 0', out["json"])
    return out


def test_rewriting_a_story_analyses_only_its_new_article(tmp_path, bench_dir, analysed):
    path, articles = _cluster_file(bench_dir, "duc2004_dev", 0, tmp_path / "all")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "first").mkdir()
    (tmp_path / "first" / "a.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
    (tmp_path / "later").mkdir()
    (tmp_path / "later" / "b.jsonl").write_text(lines[-1], encoding="utf-8")
    writer = briefing.writer("extractive")
    with briefing.open_store(tmp_path / "b.db") as store:
        first = briefing.run(store, [tmp_path / "first"], tmp_path / "out", ["md"], using=writer)
        assert len(first.memos) == 1 and len(store.list_stories()) == 1
        assert sorted(analysed) == sorted(a["id"] for a in articles[:-1])  # each analysed once
        assert len(store.analysed_article_ids()) == len(articles) - 1
        analysed.clear()
        later = briefing.run(store, [tmp_path / "later"], tmp_path / "out", ["md"], using=writer)
        assert later.updated == first.memos  # the same story, rewritten with the new article
        assert store.list_stories()[0].size == len(articles)
        assert analysed == [articles[-1]["id"]]  # the other nine were read back, not analysed
        assert len(store.analysed_article_ids()) == len(articles)


def test_memo_from_stored_analyses_equals_memo_from_fresh_ones(tmp_path, bench_dir, seeds_dir):
    writer = briefing.writer("extractive")
    inputs = [seeds_dir] + [_cluster_file(bench_dir, name, n, tmp_path / "in")[0]
                            for name in ("duc2004_dev", "multinews_dev") for n in (1, 2)]
    with briefing.open_store(tmp_path / "b.db") as store:
        for source in inputs:
            report = briefing.ingest(store, [source])
            articles, dups = store.canonical_articles(report.stored + [d.ext_id for d in report.duplicates])
            assert len(articles) >= 2
            fresh = compose(writer, "s", "", articles, dups)  # analysed in compose, nothing stored
            assert not set(store.analysed_article_ids()) & {a.db_id for a in articles}
            analysis.story_analyses(store, articles)  # analysed and stored
            stored = analysis.story_analyses(store, articles)  # read back from JSON
            for a in articles:
                assert stored[a.db_id] == analysis.analyse_article(a)  # every field survives the round trip
            again = compose(writer, "s", "", articles, dups, stored)
            assert _rendered(again) == _rendered(fresh)


def test_an_analysis_of_another_version_or_shape_is_recomputed(tmp_path, bench_dir, analysed):
    path, _ = _cluster_file(bench_dir, "duc2004_dev", 3, tmp_path / "in")
    with briefing.open_store(tmp_path / "b.db") as store:
        report = briefing.ingest(store, [path])
        articles, _ = store.canonical_articles(report.stored)
        first = analysis.story_analyses(store, articles)
        assert len(analysed) == len(articles)
        old, odd = articles[0], articles[1]
        store.save_article_analyses("0.older-rules", [(old.db_id, analysis.dumps(old, first[old.db_id]))])
        store.save_article_analyses(analysis.analysis_version(),
                                    [(odd.db_id, analysis.dumps(odd, first[odd.db_id])[:-1] + ",[1,null,null,null,null]]")])
        analysed.clear()
        again = analysis.story_analyses(store, articles)
        assert sorted(analysed) == sorted([old.ext_id, odd.ext_id])
        assert again == first
        versions = store.analysed_article_ids()
        assert versions[old.db_id] == versions[odd.db_id] == analysis.analysis_version()
        analysed.clear()
        analysis.story_analyses(store, articles)
        assert analysed == []


def test_pruning_removes_the_analyses_of_pruned_articles(tmp_path, bench_dir):
    path, _ = _cluster_file(bench_dir, "duc2004_dev", 0, tmp_path / "in")
    with briefing.open_store(tmp_path / "b.db") as store:
        report = briefing.ingest(store, [path])
        articles, _ = store.canonical_articles(report.stored)
        analysis.story_analyses(store, articles)
        dates = sorted(a.published[:10] for a in articles)
        cutoff = dates[len(dates) // 2]
        doomed = {a.db_id for a in articles if a.published[:10] < cutoff}
        assert doomed and len(doomed) < len(articles)
        pruned, _ = store.prune(cutoff)
        assert pruned == len(doomed)
        assert set(store.analysed_article_ids()) == {a.db_id for a in articles} - doomed


def test_analysis_version_names_the_layout_and_the_sentence_budget():
    from briefing.memo.evidence import MAX_SENTENCES_PER_ARTICLE

    version = analysis.analysis_version()
    assert version.startswith(f"{analysis.ANALYSIS_VERSION}.{MAX_SENTENCES_PER_ARTICLE}.")
    assert len(version.rsplit(".", 1)[1]) == 16  # the rules' source digest


def test_a_broken_stored_analysis_is_recomputed(tmp_path, bench_dir, analysed):
    path, _ = _cluster_file(bench_dir, "duc2004_dev", 4, tmp_path / "in")
    with briefing.open_store(tmp_path / "b.db") as store:
        report = briefing.ingest(store, [path])
        articles, _ = store.canonical_articles(report.stored)
        first = analysis.story_analyses(store, articles)
        version = analysis.analysis_version()
        store.save_article_analyses(version, [(articles[0].db_id, "{not json"), (articles[1].db_id, '{"a": 1}'),
                                              (articles[2].db_id, "[[1, 2]]" if len(first[articles[2].db_id]) == 1
                                               else "[" + ",".join(["[1,null,null,7,null]"] * len(first[articles[2].db_id])) + "]")])
        analysed.clear()
        assert analysis.story_analyses(store, articles) == first
        assert sorted(analysed) == sorted(a.ext_id for a in articles[:3])


def test_an_article_whose_analysis_fails_fails_only_its_story(tmp_path, bench_dir, monkeypatch):
    paths = [_cluster_file(bench_dir, "duc2004_dev", n, tmp_path / "in")[0] for n in (5, 6)]
    bad = json.loads(paths[0].read_text(encoding="utf-8").splitlines()[0])["id"]
    real = analysis.analyse_article

    def failing(article):
        if article.ext_id == bad:
            raise RuntimeError("analysis failed")
        return real(article)

    monkeypatch.setattr(analysis, "analyse_article", failing)
    with briefing.open_store(tmp_path / "b.db") as store:
        report = briefing.run(store, [tmp_path / "in"], tmp_path / "out", ["md"], using=briefing.writer("extractive"))
        failed = dict(report.failed)
        assert len(failed) == 1 and "analysis failed" in next(iter(failed.values()))
        assert report.memos and not set(report.memos) & set(failed)
        assert store.story_ids_for_ext_ids([bad]) == set(failed)


# -- the cheap pre-checks in front of the regexes never skip one that would have matched ---------
_SPACED = st.text(alphabet=" ,.;:!?()[]$£€0123456789aZ\t\n\u00a0", max_size=40).map(lambda t: " ".join(t.split()))


@settings(max_examples=400, deadline=None)
@given(_SPACED)
def test_each_compress_rule_runs_whenever_it_could_match(text):
    """compress skips a rule when a substring it needs is absent (on text whose only white space is
    single spaces): the rule never matches where its check says it cannot."""
    for rule, needs in ((C._DIGIT_COLON, lambda t: " : " in t), (C._CURRENCY_GLUED, C._CURRENCY.search),
                        (C._CURRENCY_SPACE, C._CURRENCY.search), (C._SPACE_BEFORE_END, C._SPACE_PUNCT_END.search),
                        (C._SPACE_BEFORE_MID, C._SPACE_PUNCT_MID.search), (C._SPACE_AFTER_OPEN, C._OPEN_SPACE.search),
                        (C._GLUED_OPEN, C._OPEN.search), (C._SPACE_BEFORE_PUNCT, C._SPACE_PUNCT.search),
                        (C._COMMA_BEFORE_PUNCT, lambda t: "," in t), (C._AGE, C._AGE_HINT.search),
                        (C._SAID_WEEKDAY, lambda t: "day" in t), (C._LEADING_AGENCY, lambda t: t.startswith("("))):
        if rule.search(text):
            assert needs(text), (rule.pattern, text)


_JUNKY = st.sampled_from(["Advertisement", "CLICK HERE", "Sign Up", "Copyright 2020", "© AP", "Getty Images",
                          "AP Photo", "Photo: x", "IMAGE CAPTION", "Follow us ", "Reporting by X", "https://x",
                          "WWW.x", "@handle", "Cookie Policy", "uses cookies", "JavaScript", "Read more",
                          "Related: x", "Terms of Service", "Privacy Policy", "Creative Commons",
                          "has contacted the ministry for comment", "ſubscribe", "Newſletter", "Clıck here",
                          "İmage: x", "Liſten: now", "Cookıe policy", "plain words", "the ſun", "a Kelvin K"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_JUNKY, st.text(max_size=12)), max_size=5).map(" ".join))
def test_junk_check_agrees_with_the_junk_pattern(text):
    text = " ".join(text.split())
    assert S.is_junk(text) == (S._JUNK.search(text) is not None)


def test_junk_check_agrees_on_every_benchmark_sentence(bench_dir):
    from briefing.ingest.text import split_sentences

    n = 0
    for path in sorted((bench_dir / "summaries").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for a in json.loads(line)["articles"]:
                for s in split_sentences(a["text"]):
                    sentence = " ".join(a["text"][s.start:s.end].split())
                    assert S.is_junk(sentence) == (S._JUNK.search(sentence) is not None), sentence
                    n += 1
    assert n > 1000


def test_new_since_part_from_stored_analyses_equals_the_fresh_one(tmp_path, bench_dir, monkeypatch):
    """The "new since" part given the story's analyses (as `briefing run` passes them) reads no
    sentence again and cites exactly what it cites without them."""
    from briefing.memo.whatsnew import new_since_claims

    inputs = [_cluster_file(bench_dir, name, n, tmp_path / "in")[0] for name in ("duc2004_dev", "multinews_dev")
              for n in (1, 4)]
    with briefing.open_store(tmp_path / "b.db") as store:
        for source in inputs:
            report = briefing.ingest(store, [source])
            articles, _ = store.canonical_articles(report.stored)
            new = articles[len(articles) // 2:]
            fresh = [c.to_dict() for c in new_since_claims(new)]
            assert fresh
            stored = analysis.story_analyses(store, articles)
            stored = analysis.story_analyses(store, articles)  # read back from JSON
            read: list[str] = []
            real = S.is_usable
            monkeypatch.setattr(S, "is_usable", lambda s: read.append(s) or real(s))
            assert [c.to_dict() for c in new_since_claims(new, stored)] == fresh
            assert not read  # every sentence of the budget's articles came from the analyses
            monkeypatch.setattr(S, "is_usable", real)


_STEMS = st.lists(st.sampled_from(["iran", "!the", "!of", "talk", "russia", "!and", "nuclear", "deal", "2018", "!he",
                                   "sanction", "a", "!a"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_STEMS)
def test_concepts_and_their_value_are_built_as_before(words):
    """`concepts_of` makes the same set, iterating in the same order, as the generator it replaced,
    and `_value` sums the weights in that order: the integer program sees the same numbers."""
    toks = [(w[1:], True) if w[0] == "!" else (w, False) for w in words]
    before = frozenset((a, b) for (a, sa), (b, sb) in zip(toks, toks[1:]) if not (sa and sb))
    after = S.concepts_of(words)
    assert after == before and list(after) == list(before)
    weights = {c: 1.0 / (3 + n) + n * 0.1 for n, c in enumerate(sorted(after)) if n % 3}
    cand = (0, 0, " ".join(words), len(words), after)
    # exact sums (math.fsum): the value must not depend on the order a set of concepts is read in
    assert S._value(cand, weights) == math.fsum(weights.get(c, 0.0) for c in after)
    covered = frozenset(list(after)[:2])
    assert S._value(cand, weights, covered) == math.fsum(weights.get(c, 0.0) for c in after if c not in covered)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ ,.'’s0123456789-\"“”()IranNotn’t", max_size=60))
def test_content_stems_alone_are_the_features_content(text):
    """What the verifier ranks evidence sentences by (`checks.content`) is the content of the full
    features it checks with, on any text."""
    from briefing.verify import checks

    assert checks.content(text) == checks.features(text).content


def test_content_stems_alone_are_the_features_content_on_benchmark_sentences(bench_dir):
    from briefing.ingest.text import split_sentences
    from briefing.verify import checks

    rows = (bench_dir / "summaries" / "duc2004_dev.jsonl").read_text(encoding="utf-8").splitlines()
    n = 0
    for line in rows[:5]:
        for a in json.loads(line)["articles"]:
            for s in split_sentences(a["text"]):
                sentence = a["text"][s.start:s.end]
                assert checks.content(sentence) == checks.features(sentence).content, sentence
                n += 1
    assert n > 200
