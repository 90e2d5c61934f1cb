"""The briefing's look: a masthead with the edition, headlines styled as headlines, and the
text beside an aside on a wide screen, in Chromium.

Each check reads the laid-out page (boxes and computed styles), so it fails when a rule of
style.css or a piece of base.html's frame that it depends on goes away.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest

from tests.reader.pages import page_url, pages_of_type
from tests.support.browser import Browser, ColorScheme
from tests.support.sites import BuiltSite
from tests.support.static_server import RunningServer

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 360, "height": 760}
SCHEMES: list[ColorScheme] = ["light", "dark"]
# Page type -> (the main text's column, the aside, a paragraph of body text in the column).
COLUMNS = {
    "entry": (".entry > .body", ".entry > .facts", ".entry > .body p"),
    "day": (".page-main", ".page-aside", ".page-main .summary"),
    "thread": (".thread-main", ".thread-aside", ".thread-main .background p"),
}
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BOX = "(el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"
# The width of a paragraph of body text in `ch` of its own font.
MEASURE = """
(p) => {
  const probe = document.createElement('span');
  probe.style.cssText = 'display:inline-block;width:10ch;visibility:hidden';
  p.appendChild(probe);
  const ch = probe.getBoundingClientRect().width / 10;
  probe.remove();
  return p.getBoundingClientRect().width / ch;
}
"""
DECORATION = "(el) => getComputedStyle(el).textDecorationLine"
OUTLINE = """
(el) => {
  const s = getComputedStyle(el);
  return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,
          getComputedStyle(document.body).backgroundColor];
}
"""


def newest_day(site: BuiltSite) -> dt.date:
    """The date of the newest entry, read from the entry pages' /YYYY/MM/DD/ paths."""
    days = []
    for page in pages_of_type(site, "entry"):
        year, month, day = page.relative_to(site.root).parts[:3]
        days.append(dt.date(int(year), int(month), int(day)))
    return max(days)


def site_title(site: BuiltSite) -> str:
    """The briefing's name, as the home page's <title> gives it."""
    html = (site.root / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>([^<]+)</title>", html)
    assert match, "the home page has no <title>"
    return match.group(1).strip()


@pytest.mark.parametrize("page_type", ["home", "entry", "thread", "day"])
def test_masthead_names_the_briefing_and_its_edition(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    """The week of the newest entry, whatever page is open: the edition is the site's."""
    year, week, _ = newest_day(reader_site).isocalendar()
    sunday = dt.date.fromisocalendar(year, week, 7)
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.set_viewport_size(PHONE)
        page.goto(url, wait_until="load")
        title = page.locator(".site-header .site-title")
        edition = page.locator(".site-header .edition time")
        assert title.is_visible() and edition.is_visible(), f"{url}: no masthead"
        shown = (title.inner_text().strip(), edition.inner_text().strip())
        stamp = edition.get_attribute("datetime")
    assert shown[0] == site_title(reader_site), f"{url}: masthead {shown}"
    assert shown[1].startswith(f"Week {week}, "), f"{url}: masthead {shown}"
    assert shown[1].endswith(f"{sunday.day} {SHORT_MONTHS[sunday.month - 1]} {sunday.year}")
    assert stamp == f"{year}-W{week:02d}", f"{url}: edition datetime {stamp}"


@pytest.mark.parametrize("page_type", list(COLUMNS))
def test_text_and_aside_side_by_side_on_a_wide_screen(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    """At 1440 px the aside sits beside the text and together they span over 1000 px, while
    a paragraph of body text keeps a reading measure of 45 to 75 ch."""
    text_selector, aside_selector, body_text = COLUMNS[page_type]
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.set_viewport_size(DESKTOP)
        page.goto(url, wait_until="load")
        left, _, right, bottom = page.eval_on_selector(text_selector, BOX)
        a_left, a_top, a_right, _ = page.eval_on_selector(aside_selector, BOX)
        paragraph = page.locator(body_text).first
        measure = paragraph.evaluate(MEASURE)
    assert a_left >= right, f"{url}: the aside starts at {a_left}, inside the text ({right})"
    assert a_top < bottom, f"{url}: the aside starts at {a_top}, below the text ({bottom})"
    assert a_right - left > 1000, f"{url}: text and aside span only {a_right - left} px"
    assert 45 <= measure <= 75, f"{url}: body text runs {measure:.0f} ch wide"


@pytest.mark.parametrize("page_type", list(COLUMNS))
def test_aside_follows_the_text_on_a_phone(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, page_type: str
) -> None:
    text_selector, aside_selector, _ = COLUMNS[page_type]
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page() as (page, _):
        page.set_viewport_size(PHONE)
        page.goto(url, wait_until="load")
        _, _, _, bottom = page.eval_on_selector(text_selector, BOX)
        _, a_top, a_right, _ = page.eval_on_selector(aside_selector, BOX)
    assert a_top >= bottom and a_right <= PHONE["width"], f"{url}: the aside is not below the text"


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG 2) of an `rgb(r, g, b)` colour."""
    channels = [int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def headline_states(page: Page) -> dict[str, object]:
    """A headline link's underline at rest, on hover and on focus, and its focus outline."""
    headline = page.locator(".card-title a").first
    page.mouse.move(0, 0)
    rest = headline.evaluate(DECORATION)
    headline.hover()
    hovered = headline.evaluate(DECORATION)
    page.mouse.move(0, 0)
    page.keyboard.press("Tab")  # keyboard use first, so that focus is shown as from the keyboard
    headline.focus()
    focused = headline.evaluate(DECORATION)
    style, width, colour, background = headline.evaluate(OUTLINE)
    return {
        "rest": rest,
        "hovered": hovered,
        "focused": focused,
        "outline": (style, width),
        "contrast": contrast(colour, background),
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", ["day", "thread"])
def test_headlines_are_not_underlined_until_hover_or_focus(
    reader_site: BuiltSite,
    reader_server: RunningServer,
    chromium: Browser,
    page_type: str,
    scheme: ColorScheme,
) -> None:
    """Headline links show no underline at rest; hover and keyboard focus underline them, and
    focus draws an outline at least 2 px wide with 3:1 contrast against the page."""
    url = page_url(reader_site, reader_server, page_type)
    with chromium.page(scheme) as (page, _):
        page.set_viewport_size(DESKTOP)
        page.goto(url, wait_until="load")
        states = headline_states(page)
        in_text = page.locator("main p:not(.kicker):not(.card-title) a").first.evaluate(DECORATION)
    assert states["rest"] == "none", f"{url}: a headline at rest: {states}"
    assert states["hovered"] == "underline", f"{url}: a hovered headline: {states}"
    assert states["focused"] == "underline", f"{url}: a focused headline: {states}"
    style, width = states["outline"]  # type: ignore[misc]
    assert style != "none" and width >= 2, f"{url}: a focused headline: {states}"
    assert states["contrast"] >= 3, f"{url}: the focus outline's contrast: {states}"  # type: ignore[operator]
    assert in_text == "underline", f"{url}: a link in running text is not underlined"


# Each trend's colour as an entry's badge, the ledger's bar and the ledger's net arrow show it,
# with the badge's background, its arrow and its word.
TREND_COLOURS = """
() => {
  const colour = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };
  return ['escalating', 'steady', 'de-escalating'].map((trend) => {
    const badge = document.querySelector(`.trend.trend-${trend}`);
    const arrow = {escalating: 'up', steady: 'flat', 'de-escalating': 'down'}[trend];
    return {
      trend,
      badge: colour(`.trend.trend-${trend}`, 'color'),
      background: colour(`.trend.trend-${trend}`, 'backgroundColor'),
      bar: colour(`.ledger-chart .bar-${trend}`, 'fill'),
      net: colour(`.arrow-${arrow}`, 'color'),
      word: badge ? badge.textContent.trim() : null,
      mark: badge ? getComputedStyle(badge, '::before').content : null,
    };
  });
}
"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_trend_colours_agree_and_never_stand_alone(
    reader_site: BuiltSite, reader_server: RunningServer, chromium: Browser, scheme: ColorScheme
) -> None:
    """On a thread page, a trend has one colour for its badge, its ledger bar and its net
    arrow; a badge also shows its word and an arrow, at AA contrast on its own background."""
    url = page_url(reader_site, reader_server, "thread")
    with chromium.page(scheme) as (page, _):
        page.goto(url, wait_until="load")
        trends = page.evaluate(TREND_COLOURS)
    shown = [t for t in trends if t["badge"] is not None]
    assert len(shown) >= 2, f"{url}: too few trend badges to compare: {trends}"
    for t in shown:
        others = {t["bar"], t["net"]} - {None}
        assert others <= {t["badge"]}, f"{url} ({scheme}): {t['trend']} differs: {t}"
        assert t["word"] == t["trend"], f"{url}: a badge without its word: {t}"
        assert t["mark"] not in (None, "none", "normal", ""), f"{url}: a badge without arrow: {t}"
        assert contrast(t["badge"], t["background"]) >= 4.5, f"{url} ({scheme}): {t}"
    assert any(t["bar"] for t in shown), f"{url}: no ledger bar to compare with: {trends}"
