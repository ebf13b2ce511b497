"""Small evidence sets for writer tests: real date resolution, one sentence per text given."""
from __future__ import annotations

from briefing.memo.dates import event_date
from briefing.models import Article, Sentence
from briefing.memo.evidence import Evidence, EvidenceSentence


def make_evidence(*articles: tuple[str, str | None, list[str]]) -> Evidence:
    """Evidence of articles given as (id, published, sentences); earlier sentences are more salient."""
    arts: list[Article] = []
    sentences: list[EvidenceSentence] = []
    for ai, (ext_id, published, texts) in enumerate(articles):
        text = " ".join(texts)
        spans, at = [], 0
        for si, t in enumerate(texts):
            start = text.index(t, at)
            spans.append(Sentence(si, start, start + len(t)))
            at = start + len(t)
            sentences.append(EvidenceSentence(
                number=len(sentences) + 1, article=ai, sentence=si, text=t, clean=t,
                salience=1.0 - 0.01 * len(sentences), usable=True, date=event_date(t, published)))
        arts.append(Article(ext_id=ext_id, text=text, published=published, outlet=f"outlet-{ext_id}",
                            sentences=spans))
    return Evidence(story_id="s", title="t", articles=arts, sentences=sentences,
                    summary=[e.number for e in sentences[:1]])
