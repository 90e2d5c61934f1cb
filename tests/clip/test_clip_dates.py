"""Dates written in pages, in several languages; a weekday alone is not a date."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.clip.dates import find_dates, parse_iso_date, weekdays

D = dt.date(2022, 1, 28)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MOSCOW, Jan. 28, 2022 — Officials said", [(D, "Jan. 28, 2022")]),
        ("Published January 28th, 2022", [(D, "January 28th, 2022")]),
        ("28 January 2022, 14:05", [(D, "28 January 2022")]),
        ("28 января 2022 г.", [(D, "28 января 2022")]),
        ("Publié le 28 janvier 2022", [(D, "28 janvier 2022")]),
        ("Stand: 28. Januar 2022", [(D, "28. Januar 2022")]),
        ("28 de enero de 2022", [(D, "28 de enero de 2022")]),
        ("28.01.2022 18:30", [(D, "28.01.2022")]),
        ("2022-01-28T10:00:00+03:00", [(D, "2022-01-28")]),
        ("Feb 30, 2022 is no date", []),
        ("the Kremlin said Friday", []),
        ("on Jan. 28 without a year", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[dt.date, str]]) -> None:
    assert find_dates(text) == expected


def test_parse_iso_date_keeps_the_pages_own_day() -> None:
    assert parse_iso_date("2022-01-28T23:30:00-05:00") == D
    assert parse_iso_date("January 28, 2022") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [("the Kremlin said Friday", ["Friday"]), ("заявил в пятницу", ["пятницу"]), ("no day", [])],
)
def test_weekdays(text: str, found: list[str]) -> None:
    assert weekdays(text) == found
