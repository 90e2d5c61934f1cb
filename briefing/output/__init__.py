"""The output's I/O: atomic writes and the Pagefind index."""
