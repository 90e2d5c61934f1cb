"""The live preview: watching, HTTP, the reload channel and the error overlay."""
