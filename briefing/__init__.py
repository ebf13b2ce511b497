"""briefing: news articles in, stories and cited briefing memos out.

Library use:

    import briefing
    with briefing.open_store("news.db") as store:
        report = briefing.ingest_paths(store, ["articles/"])
        briefing.update_stories(store)
        writer = briefing.writer("llama", store)   # or "extractive", or "openai" with its settings
        for story in briefing.stories(store):
            memo = briefing.memo_for_story(store, story.id, writer)
            print(briefing.render_memo(memo, "md"))
"""
from .api import (cluster_stories, configured_writer, ingest_paths, memo_for_articles, memo_for_story, memo_for_target,
                  memo_stats, memo_target, open_store, plan_run, render_memo, run, run_job, session, stories,
                  update_stories, write_example_config, writer)
from .models import Article, Citation, Claim, Duplicate, IngestReport, Memo, Rejection, Section, Sentence, Source, Story
from .store.sqlite import Store, StoreError

from .version import __version__

__all__ = ["open_store", "ingest_paths", "update_stories", "stories", "writer", "configured_writer", "memo_stats", "memo_for_story",
           "memo_for_articles", "memo_target", "memo_for_target", "cluster_stories", "render_memo",
           "run", "plan_run", "run_job", "session", "write_example_config", "Memo", "Claim", "Citation", "Section", "Source", "Article", "Sentence", "Story", "IngestReport",
           "Rejection", "Duplicate", "Store", "StoreError", "__version__"]
