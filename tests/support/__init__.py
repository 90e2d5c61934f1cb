"""Helpers shared by the publish tests: Netlify headers, a static server, tools, a browser."""
