"""Property tests: whatever the content holds, reading it gives our errors and never another
exception, and whatever text it gives the feeds, they stay well-formed.

The normal suite runs a fixed, bounded set of examples (the `ci` profile); a longer search:
HYPOTHESIS_PROFILE=long python -m pytest -m property
"""

from __future__ import annotations

import json
import os
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing.content import config as site_config
from briefing.content.characters import bad_character
from briefing.content.config import SITE_KEYS
from briefing.content.frontmatter import YamlProblem, load_yaml, split
from briefing.content.registry import ACTOR_KEYS, parse_registry
from briefing.content.sources import ContentFiles, SourceFile
from briefing.content.validate import ENTRY_KEYS, THREAD_KEYS, parse_thread, read_entry
from briefing.engine.store import load_site, parse_site
from briefing.engine.units import site_units, unit_feeds
from briefing.errors import SourceError
from briefing.render.feeds import json_feed
from briefing.site.indexes import index
from tests.conftest import ACTORS_YAML, SITE_YAML, THREAD, TOPICS_YAML, entry, write_tree

pytestmark = pytest.mark.property

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=_QUIET,
)
settings.register_profile("long", max_examples=20_000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def yaml_quoted(text: str) -> str:
    """text as a YAML double-quoted scalar, every character beyond printable ASCII escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        else:
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


# Any text at all: control characters, lone surrogates, every script.
WILD = st.text(max_size=30)
# Text a file can hold (UTF-8 cannot carry a lone surrogate).
FILE_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
YAML_BITS = st.sampled_from(
    ["[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "|", ">",
     "'", '"', "%", "@", "`", "#", ": ", "- ", "? ", ",", "\t", "\n", "\n  ", "\x0c", "\x00",
     "\ufffe", "\x85", "---", "...", "<<: ", "\\", "\r", "\ufeff", "\u2028"]
)  # fmt: skip
SCALARS = st.one_of(
    FILE_TEXT,
    st.lists(st.one_of(YAML_BITS, FILE_TEXT), max_size=6).map("".join),
    st.sampled_from(
        ["2022-01-28", "9999-12-31", "0001-01-01T00:00:00+14:00", "2022-02-30", "true", "yes",
         "~", "null", "1e999", "-1", "0x1F", ".nan", "https://[x", "https://example.org/a",
         "Europe", "talks", "[talks, buildup]", "{a: 1}", "en\"&", "''", '""']
    ),
    st.builds(yaml_quoted, WILD),  # any text at all, as a YAML double-quoted scalar
    st.builds(json.dumps, WILD),  # the same as JSON writes it (surrogate pairs for emoji)
)  # fmt: skip
KEYS = st.sampled_from(sorted({*ENTRY_KEYS, *THREAD_KEYS, *SITE_KEYS, *ACTOR_KEYS, "x"}))
LINES = st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", KEYS, SCALARS),
    st.builds(lambda k, v: f"{k}: [{', '.join(v)}]", KEYS, st.lists(SCALARS, max_size=3)),
    st.builds(lambda k, v: f"  - {k}: {v}", KEYS, SCALARS),
    st.builds(lambda k, v: f"{json.dumps(k)}: {v}", WILD, SCALARS),
    SCALARS,
)
FRONT = st.lists(LINES, max_size=10).map("\n".join)
DOCUMENTS = st.one_of(
    st.builds(
        lambda front, fence, body: f"---\n{front}\n{fence}\n{body}",
        FRONT,
        st.sampled_from(["---", "...", "", "--- x", "----"]),
        FILE_TEXT,
    ),
    FILE_TEXT,
)
ENTRY_NAMES = st.sampled_from(
    ["entries/2022/2022-01-28-call.md", "entries/2022/call.md", "entries/2022/2022-13-45-x.md",
     "entries/2022/2022-01-28-Ünï.md", "entries/2022/2022-01-28-a b.md"]
)  # fmt: skip


@st.composite
def changed(draw: st.DrawFn, text: str) -> str:
    """A good file with some of its lines replaced, removed or repeated, or added to."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "repeat"]))
        if action == "insert" or where == len(lines):
            lines.insert(where, draw(LINES))
        elif action == "replace":
            key = lines[where].split(":", 1)[0] if ":" in lines[where] else draw(KEYS)
            lines[where] = f"{key}: {draw(SCALARS)}"
        elif action == "delete":
            del lines[where]
        else:
            lines.insert(where, lines[where])
    return "\n".join(lines)


def good_entry() -> str:
    return entry(extra="trend: steady\ncorrections:\n  - date: 2022-02-01\n    text: Fixed.\n")


ENTRIES = st.one_of(DOCUMENTS, changed(good_entry()))
THREADS = st.one_of(DOCUMENTS, changed(THREAD.format(title="Talks")))
REGISTRIES = st.one_of(DOCUMENTS, FRONT, changed(ACTORS_YAML), changed(TOPICS_YAML))
SITES = st.one_of(FRONT, changed(SITE_YAML + "timezone: Europe/Moscow\nlanguage: ru\n"))


def assert_ours(errors: list[SourceError]) -> None:
    """Problems are our own errors, each a single line."""
    for error in errors:
        assert isinstance(error, SourceError)
        assert "\n" not in str(error), repr(str(error))


def file(relative: str, text: str) -> SourceFile:
    return SourceFile(f"content/{relative}", relative, text)


@given(WILD)
def test_split_raises_only_yaml_problems(text: str) -> None:
    try:
        split(text)
    except YamlProblem as exc:
        assert exc.line >= 1


@given(st.one_of(FRONT, WILD))
def test_yaml_raises_only_yaml_problems(text: str) -> None:
    try:
        load_yaml(text, 2)
    except YamlProblem as exc:
        assert exc.line >= 2 and "\n" not in exc.message


@given(ENTRIES, ENTRY_NAMES, st.booleans())
def test_entry_parsing_gives_only_our_errors(text: str, name: str, drafts: bool) -> None:
    _, errors = read_entry(file(name, text), drafts)
    assert_ours(errors)


@given(THREADS, st.sampled_from(["threads/talks.md", "threads/Bad Name.md"]))
def test_thread_parsing_gives_only_our_errors(text: str, name: str) -> None:
    thread, errors = parse_thread(file(name, text))
    assert_ours(errors)
    assert thread is None or not errors


@given(REGISTRIES, st.sampled_from(["actor", "topic"]))
def test_registry_parsing_gives_only_our_errors(text: str, kind: str) -> None:
    _, errors = parse_registry(file(f"{kind}s.yaml", text), kind)
    assert_ours(errors)


@given(SITES, st.one_of(st.none(), SCALARS))
def test_site_yaml_parsing_gives_only_our_errors(text: str, base_url: str | None) -> None:
    config, errors = site_config.parse(text, "content/site.yaml", base_url)
    assert_ours(errors)
    assert (config is None) == bool(errors)


@settings(max_examples=max(1, settings.default.max_examples // 2))  # files on disk: slower
@given(SITES, REGISTRIES, THREADS, ENTRIES, ENTRIES)
def test_a_whole_site_loads_with_only_our_errors(
    site_yaml: str, actors: str, thread: str, first: str, second: str
) -> None:
    with tempfile.TemporaryDirectory(prefix="briefing-property-") as folder:
        files = {
            "site.yaml": site_yaml,
            "actors.yaml": actors,
            "topics.yaml": TOPICS_YAML,
            "threads/talks.md": thread,
            "threads/buildup.md": THREAD.format(title="Build-up"),
            "entries/2022/2022-01-28-call.md": first,
            "entries/2022/2022-01-26-replies.md": second,
        }
        content = write_tree(Path(folder) / "content", files)
        site, problems = load_site(content, include_drafts=False)
    assert_ours(problems)
    assert site is not None or any(not p.warning for p in problems)


# The feeds ---------------------------------------------------------------------------


def _feed_site(title: str, summary: str, body: str, actor: str, thread: str) -> ContentFiles:
    actors = ACTORS_YAML.replace("name: Vladimir Putin", f"name: {yaml_quoted(actor)}")
    text = entry(title=yaml_quoted(title), body=body).replace(
        f"summary: Summary of {yaml_quoted(title)}.", f"summary: {yaml_quoted(summary)}"
    )
    return ContentFiles(
        file("site.yaml", SITE_YAML),
        file("actors.yaml", actors),
        file("topics.yaml", TOPICS_YAML),
        (file("threads/talks.md", f"---\ntitle: {yaml_quoted(thread)}\nsummary: S\n---\n"),),
        (file("entries/2022/2022-01-28-call.md", text),),
    )


# Text that XML and feed readers trip over, in names that are never empty.
XML_BITS = st.sampled_from(
    ["&", "<", ">", '"', "'", "]]>", "<!--", "&amp;", "<![CDATA[", "\x0c", "\x00", "\ufffe",
     "\u2028", "\x85", "\x7f", "\r", "\t", "\n", "\u202e", "\U0001f600"]
)  # fmt: skip
NAMES = st.lists(st.one_of(XML_BITS, WILD), max_size=5).map(lambda parts: "A " + "".join(parts))
# The same without the characters that are refused, so that most sites reach the feeds.
PRINTABLE = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"
    ),
    max_size=20,
)
SAFE_NAMES = st.lists(st.one_of(XML_BITS.filter(lambda bit: not bad_character(bit)), PRINTABLE),
                      max_size=5).map(lambda parts: "A " + "".join(parts))  # fmt: skip


@settings(max_examples=settings.default.max_examples * 2)  # half are refused before the feeds
@given(NAMES, SAFE_NAMES, FILE_TEXT, SAFE_NAMES, SAFE_NAMES)
def test_feeds_are_well_formed_whatever_the_text(
    title: str, summary: str, body: str, actor: str, thread: str
) -> None:
    import feedparser  # type: ignore[import-untyped]

    site, problems = parse_site(_feed_site(title, summary, body, actor, thread),
                                include_drafts=False)  # fmt: skip
    assert_ours(problems)
    event("refused" if site is None else "written")
    if site is None:
        return  # refused, with a message: nothing reaches a feed
    ix = index(site)
    every = [feed for unit in site_units(site, ix) for feed in unit_feeds(site, ix, unit)]
    feeds = [(path, text) for path, text in every if path.endswith(".xml")]
    assert feeds
    for path, text in feeds:
        ElementTree.fromstring(text.encode("utf-8"))  # well-formed XML, or it raises
        parsed = feedparser.parse(text.encode("utf-8"))
        assert not parsed.bozo, f"{path}: {parsed.bozo_exception!r}"
    assert json.loads(json_feed(site))["items"][0]["title"] == site.entries[0].title
