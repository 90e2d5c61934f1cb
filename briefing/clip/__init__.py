"""Turn a saved news article into a draft entry (`python build.py clip`).

The stages are pure functions over plain data, chained by `command.run_clip`:

    blocks / htmlpage  ->  clutter  ->  detect, mentions, quotes  ->  draft
    split the page         keep the     headline, date, publisher,    front matter
    into blocks            article      actors, topics, thread        and skeleton
"""
