"""Turning views into bytes: Jinja, Markdown, feeds, the ledger's SVG."""
