"""The one engine: the pipeline's phases, what changed, the cache, parallel rendering."""
