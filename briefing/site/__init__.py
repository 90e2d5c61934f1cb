"""What each page shows: indexes, views, pages, threads, analysis (pure: model in, views out)."""
