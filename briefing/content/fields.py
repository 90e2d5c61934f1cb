"""Typed readers for one mapping's fields; every problem is collected with its line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from briefing.content.characters import bad_character
from briefing.errors import SourceError, did_you_mean

ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SLUG_PATTERN = re.compile(r"[A-Za-z0-9]+([-_][A-Za-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
# Pages reach a day or a week either side of a date (week pages, the instant in UTC), and
# Python's dates end at years 1 and 9999: a year's margin keeps every such step in range.
FIRST_DAY = dt.date(2, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)


@dataclass
class Fields:
    """Reads one mapping's fields, appending a `path:line: message` per problem."""

    path: str
    data: Mapping[str, Any]
    lines: Mapping[str, int]
    default_line: int
    errors: list[SourceError] = field(default_factory=list)
    prefix: str = ""
    # A draft may leave required text empty: reported as a warning, not an error.
    unfinished_ok: bool = False

    def line(self, key: str) -> int:
        return self.lines.get(key, self.default_line)

    def error(self, key: str, message: str) -> None:
        self.errors.append(SourceError(self.path, self.line(key), f"{self.prefix}{message}"))

    def unknown_keys(self, known: Iterable[str]) -> None:
        known = list(known)
        for key in self.data:
            if key not in known:
                hint = did_you_mean(str(key), known)
                self.error(str(key), f"unknown key '{key}'{hint}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._missing(key)
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(key, f"{key}: expected text, got {_kind(value)}")
            return None
        return self._printable(key, str(value).strip())

    def _printable(self, key: str, text: str) -> str | None:
        """text, unless it has a character that no page or feed can carry (reported)."""
        bad = bad_character(text)
        if bad is not None:
            self.error(key, f"{key}: {bad.message}")
            return None
        return text

    def _missing(self, key: str) -> None:
        message = f"{self.prefix}{key}: required, and missing or empty"
        line = self.line(key)
        self.errors.append(SourceError(self.path, line, message, warning=self.unfinished_ok))

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.error(key, f"{key}: expected true or false, got {_kind(value)}")
            return default
        return value

    def integer(self, key: str, default: int, minimum: int = 1) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.error(key, f"{key}: expected a whole number of at least {minimum}")
            return default
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str | None) -> str | None:
        value = self.data.get(key)
        if value is None:
            return default
        if value not in options:
            hint = did_you_mean(str(value), options)
            self.error(key, f"{key}: '{value}' is not one of {', '.join(options)}{hint}")
            return default
        return str(value)

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, f"{key}: required, and missing")
            return None
        parsed: dt.date | None = self._parse(key, value, parse_date)
        return parsed

    def instant(self, key: str) -> dt.date | dt.datetime | None:
        """A date or an ISO datetime (naive or with an offset)."""
        value = self.data.get(key)
        if value is None:
            self.error(key, f"{key}: required, and missing")
            return None
        parsed: dt.date | dt.datetime | None = self._parse(key, value, parse_date_or_datetime)
        return parsed

    def _parse(self, key: str, value: Any, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(str(value).strip())
        except ValueError as exc:
            self.error(key, f"{key}: {exc}")
            return None

    def names(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of non-empty strings (a single string is accepted as a list of one)."""
        value = self.data.get(key)
        if value is None or value == []:
            if required:
                self.error(key, f"{key}: required, give at least one")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(key, f"{key}: expected a list of names, got {_kind(value)}")
            return ()
        names = [self._printable(key, v.strip()) for v in value]
        return tuple(name for name in names if name is not None)

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            parts = urlsplit(value)
        except ValueError:  # an unbalanced '[' (urllib takes it for an IPv6 address)
            parts = urlsplit("")
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            self.error(key, f"{key}: '{value}' is not an http or https URL")
            return None
        return value


def parse_date(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date; write YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real calendar date") from None
    return _in_range(text, day)


def _in_range(text: str, day: dt.date) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"'{text}' is a date out of range; give one from {FIRST_DAY.isoformat()} "
            f"to {LAST_DAY.isoformat()}"
        )
    return day


def parse_date_or_datetime(text: str) -> dt.date | dt.datetime:
    if _DATE.fullmatch(text):
        return parse_date(text)
    if not _DATETIME.fullmatch(text):
        raise ValueError(
            f"'{text}' is not a date; write YYYY-MM-DD or an ISO datetime "
            "such as 2022-01-28T14:30:00+03:00"
        )
    try:
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date and time") from None
    _in_range(text, instant.date())
    return instant


def _kind(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    if value is None:
        return "nothing"
    return names.get(type(value), "text" if isinstance(value, str) else type(value).__name__)
