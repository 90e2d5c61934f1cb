"""Find calendar dates written in a page: ISO, numeric, or with month names in five languages.

A date must name its year: "Friday" or "Jan. 28" alone is not a date here.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "января", "январь", "janvier", "januar", "jänner", "enero"),
    2: ("february", "feb", "февраля", "февраль", "février", "fevrier", "februar", "febrero"),
    3: ("march", "mar", "марта", "март", "mars", "märz", "marz", "marzo"),
    4: ("april", "apr", "апреля", "апрель", "avril", "abril"),
    5: ("may", "мая", "май", "mai", "mayo"),
    6: ("june", "jun", "июня", "июнь", "juin", "juni", "junio"),
    7: ("july", "jul", "июля", "июль", "juillet", "juli", "julio"),
    8: ("august", "aug", "августа", "август", "août", "aout", "agosto"),
    9: ("september", "sept", "sep", "сентября", "сентябрь", "septembre", "septiembre"),
    10: ("october", "oct", "октября", "октябрь", "octobre", "oktober", "octubre"),
    11: ("november", "nov", "ноября", "ноябрь", "novembre", "noviembre"),
    12: ("december", "dec", "декабря", "декабрь", "décembre", "decembre", "dezember", "diciembre"),
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:er)?\.?\s+(?:de\s+)?({_MONTH})\.?,?\s+(?:de\s+)?(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE
)
_WEEKDAYS = re.compile(
    r"(?<!\w)(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|понедельник\w*|вторник\w*|сред[аеуы]|четверг\w*|пятниц[аеуы]|суббот[аеуы]|воскресень\w*"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo)(?!\w)",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[dt.date, str]]:
    """Every valid date written in `text`, in order, with the words that gave it."""
    found: list[tuple[int, dt.date, str]] = []
    for pattern, order in (
        (_ISO, "ymd"),
        (_NUMERIC, "dmy"),
        (_DAY_MONTH_YEAR, "dmy"),
        (_MONTH_DAY_YEAR, "mdy"),
    ):
        for match in pattern.finditer(text):
            value = _build(match.groups(), order)
            if value is not None:
                found.append((match.start(), value, match.group(0)))
    return [(value, words) for _, value, words in sorted(found, key=lambda item: item[0])]


def _build(parts: tuple[str, ...], order: str) -> dt.date | None:
    fields = dict(zip(order, parts, strict=True))
    month_text = str(fields["m"]).lower()
    month = _MONTHS.get(month_text) if not month_text.isdigit() else int(month_text)
    try:
        return dt.date(int(fields["y"]), month or 0, int(fields["d"]))
    except ValueError:
        return None


def parse_iso_date(value: str) -> dt.date | None:
    """The calendar date at the start of an ISO date or datetime, as the page wrote it."""
    match = _ISO.match(value.strip())
    return _build(match.groups(), "ymd") if match else None


def weekdays(text: str) -> list[str]:
    """Weekday names in `text`: the hint that a page dates itself only relatively."""
    return [match.group(0) for match in _WEEKDAYS.finditer(text)]
