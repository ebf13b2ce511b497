"""briefing: news articles in, stories and cited briefing memos out.

Library use:

    import briefing
    with briefing.open_store("news.db") as store:
        report = briefing.ingest(store, ["articles/"])
        briefing.cluster(store)
        for story in briefing.stories(store):
            memo = briefing.memo_for_story(store, story.id)
            print(briefing.render(memo, "md"))
"""
from .api import cluster, ingest, memo_for_articles, memo_for_story, open_store, render, run, stories, writer
from .models import Article, Citation, Claim, Duplicate, IngestReport, Memo, Rejection, Section, Sentence, Source, Story
from .store import Store, StoreError

__version__ = "0.1.0"

__all__ = ["open_store", "ingest", "cluster", "stories", "writer", "memo_for_story", "memo_for_articles", "render",
           "run", "Memo", "Claim", "Citation", "Section", "Source", "Article", "Sentence", "Story", "IngestReport",
           "Rejection", "Duplicate", "Store", "StoreError", "__version__"]
