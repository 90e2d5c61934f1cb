"""The commands besides build and serve: check, new."""
