"""Small checks from the Atom (RFC 4287) and sitemaps.org specifications."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# RFC 3339 date-time, as Atom's "updated" requires.
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", re.IGNORECASE
)
# W3C Datetime (https://www.w3.org/TR/NOTE-datetime), the format of sitemap <lastmod>.
_W3C_DATETIME = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?"
)


def is_rfc3339(text: str) -> bool:
    """True for a valid RFC 3339 date-time (with a real calendar date and time)."""
    if not _RFC3339.fullmatch(text):
        return False
    return _parses(text.upper().replace("Z", "+00:00"))


def is_w3c_datetime(text: str) -> bool:
    """True for a valid W3C Datetime: YYYY, YYYY-MM, YYYY-MM-DD or a full date-time."""
    if not _W3C_DATETIME.fullmatch(text):
        return False
    if len(text) == 4:
        return True
    if len(text) == 7:
        return _parses(text + "-01")
    return _parses(text.replace("Z", "+00:00"))


def _parses(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_absolute_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def is_absolute_iri(text: str) -> bool:
    """True for an IRI with a scheme (Atom ids may be `tag:` or `urn:` as well as http)."""
    scheme = urlsplit(text).scheme
    return bool(scheme) and (scheme not in {"http", "https"} or is_absolute_url(text))
