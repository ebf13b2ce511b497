"""briefing: news articles in, stories and cited briefing memos out.

Library use:

    import briefing
    with briefing.open_store("news.db") as store:
        report = briefing.ingest(store, ["articles/"])
        briefing.cluster(store)
        writer = briefing.writer("llama", store)   # or "extractive", or "openai" with its settings
        for story in briefing.stories(store):
            memo = briefing.memo_for_story(store, story.id, writer)
            print(briefing.render(memo, "md"))
"""
from .api import (cluster, configured_writer, ingest, memo_for_articles, memo_for_story, memo_stats, open_store, render,
                  run, stories, writer)
from .models import Article, Citation, Claim, Duplicate, IngestReport, Memo, Rejection, Section, Sentence, Source, Story
from .store.sqlite import Store, StoreError

from .version import __version__

__all__ = ["open_store", "ingest", "cluster", "stories", "writer", "configured_writer", "memo_stats", "memo_for_story", "memo_for_articles", "render",
           "run", "Memo", "Claim", "Citation", "Section", "Source", "Article", "Sentence", "Story", "IngestReport",
           "Rejection", "Duplicate", "Store", "StoreError", "__version__"]
