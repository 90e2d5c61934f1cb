"""site.yaml: parse(text) is pure, load is the thin reading wrapper."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any
from urllib.parse import urlsplit

from briefing.content.fields import Fields
from briefing.content.frontmatter import YamlProblem, key_lines, load_yaml
from briefing.errors import SourceError
from briefing.model import SiteConfig

SITE_KEYS = (
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "page_size",
    "allow_html",
    "snapshots",
)
# BCP 47's shape, loosely: it reaches <html lang>, the feeds and Pagefind's file names.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def parse(
    text: str, shown: str, base_url_override: str | None = None
) -> tuple[SiteConfig | None, list[SourceError]]:
    """Validate site.yaml's text; returns the config or every problem found."""
    try:
        data: Any = load_yaml(text) if text.strip() else None
    except YamlProblem as exc:
        return None, [SourceError(shown, exc.line, exc.message)]
    if not isinstance(data, dict):
        return None, [SourceError(shown, 1, "site.yaml must be a mapping of settings")]
    lines = key_lines(text)
    fields = Fields(shown, data, lines, 1)
    fields.unknown_keys(SITE_KEYS)
    title = fields.text("title", required=True)
    base_url = base_url_override or fields.text("base_url", required=True)
    if base_url is not None:
        base_url = _check_base_url(fields, base_url)
    config = SiteConfig(
        title=title or "",
        base_url=base_url or "",
        description=fields.text("description") or "",
        language=_language(fields),
        timezone=_timezone(fields),
        page_size=fields.integer("page_size", 50),
        allow_html=fields.boolean("allow_html"),
        snapshots=fields.boolean("snapshots", default=True),
    )
    return (None if fields.errors else config), fields.errors


def _check_base_url(fields: Fields, value: str) -> str | None:
    problem = base_url_problem(value)
    if problem:
        fields.error("base_url", f"base_url: {problem}")
        return None
    return value if value.endswith("/") else value + "/"


def base_url_problem(value: str) -> str | None:
    """Why value cannot be the site's base URL, or None (for site.yaml and --base-url)."""
    try:
        parts = urlsplit(value)
    except ValueError:  # an unbalanced '[' (urllib takes it for an IPv6 address)
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        return f"'{value}' must be an absolute http(s) URL"
    return None


def _timezone(fields: Fields) -> str:
    timezone = fields.text("timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of zones ('Europe') or a name too long for a file name.
        fields.error("timezone", f"timezone: '{timezone}' is not an IANA time zone name")
        timezone = "UTC"
    return timezone


def _language(fields: Fields) -> str:
    language = fields.text("language") or "en"
    if not LANGUAGE_TAG.fullmatch(language):
        message = f"language: '{language}' is not a language tag such as 'en' or 'pt-BR'"
        fields.error("language", message)
        return "en"
    return language
