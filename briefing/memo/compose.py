"""One story's memo: evidence from its articles, a draft from the writer, citations resolved, verified."""
from __future__ import annotations

import hashlib
import time
from typing import Iterable, Optional

from .analysis import story_analyses
from .fusion import finish_memo
from .citations import build_memo
from ..models import Article, Memo
from .evidence import select_evidence
from ..store.sqlite import Store
from ..verify import verify_memo
from ..verify.judge import for_writer as judge_for
from ..writers import Writer
from ..errors import NotFound


def compose(writer: Writer, story_id: str, title: str, articles: list[Article], duplicates: int = 0,
            analyses: Optional[dict[int, list]] = None) -> Memo:
    """Evidence, draft, citations, verification; `memo.writing["seconds"]` is the time all of it took.
    `analyses`: the articles' stored analyses (`analysis.story_analyses`), read on the store's
    thread; compose itself never touches the store, so it may run on any thread."""
    started = time.perf_counter()
    evidence = select_evidence(story_id, title, articles, analyses)
    draft = writer.write(evidence)
    # a memo that fell back was written by the extractive writer: its byline says so
    written_by = "extractive" if draft.writing.get("fallback") else writer.name
    memo = build_memo(evidence, draft, written_by, all_articles=articles, duplicates=duplicates)
    # every writer's claims: re-cited, rewritten or dropped when unsupported; the writer's model may judge
    memo = verify_memo(memo, evidence, judge_for(writer, draft.writing))
    # after the verifier, which would prune the corroborating citations a claim does not need
    memo = finish_memo(memo, evidence, writer.limits)
    memo.writing["seconds"] = round(time.perf_counter() - started, 4)
    return memo


def logged(store: Store, memo: Memo) -> Memo:
    """Records how the memo was written (writer, model, fallback, tokens, seconds) for `briefing stats`."""
    store.log_memo(memo.story_id, memo.writing, float(memo.writing.get("seconds", 0.0)))
    return memo


def story_memo(store: Store, writer: Writer, story_id: str) -> Memo:
    articles, duplicates = store.story_articles(story_id)
    if not articles:
        raise NotFound(f"no story {story_id!r} in the database (see `briefing stories`)")
    return logged(store, compose(writer, story_id, store.story_title(story_id) or "", articles, duplicates,
                                 story_analyses(store, articles)))


def adhoc_story_id(ext_ids: Iterable[str]) -> str:
    """The id of a one-off story made of exactly these articles (`briefing memo --one-story`)."""
    digest = hashlib.sha1("\n".join(sorted(set(ext_ids))).encode("utf-8")).hexdigest()[:10]
    return "adhoc-" + digest


def articles_memo(store: Store, writer: Writer, ext_ids: list[str], title: Optional[str] = None) -> Memo:
    articles, duplicates = store.canonical_articles(ext_ids)
    if not articles:
        raise NotFound("none of the given articles is in the database")
    return logged(store, compose(writer, adhoc_story_id(a.ext_id for a in articles), title or "", articles,
                                 duplicates, story_analyses(store, articles)))
