"""Write the draft entry: front matter filled in, a body skeleton, no article text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from briefing.clip.quotes import Statement
from briefing.content.placeholders import CLIP_BODY as BODY_PLACEHOLDER
from briefing.content.placeholders import CLIP_SUMMARY as SUMMARY_PLACEHOLDER


@dataclass(frozen=True)
class DraftInput:
    """Everything the draft says, decided before it is written."""

    headline: str
    day: dt.date
    thread_id: str | None
    actor_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]
    publisher: str
    url: str | None = None
    statements: tuple[Statement, ...] = ()


def entry_path(day: dt.date, slug: str) -> str:
    """The entry's path inside the content folder."""
    return f"entries/{day:%Y}/{day.isoformat()}-{slug}.md"


def front_matter(draft: DraftInput) -> dict[str, object]:
    """The entry's front matter as data, in the order it is written."""
    source: dict[str, object] = {
        "publisher": draft.publisher,
        "title": draft.headline,
        "published": draft.day,
    }
    if draft.url:
        source["url"] = draft.url
    return {
        "draft": True,
        "title": draft.headline,
        "summary": SUMMARY_PLACEHOLDER,
        "date": draft.day,
        "thread": draft.thread_id if draft.thread_id else [],
        "actors": list(draft.actor_ids),
        "topics": list(draft.topic_ids),
        "sources": [source],
    }


_TODO_NOTES = {
    "thread": "TODO: no thread suggested; give a thread id",
    "actors": "TODO: no registered actor found; give at least one",
    "topics": "TODO: no topic matched; give at least one",
}


def render_front_matter(data: dict[str, object]) -> str:
    """YAML for the front matter, one key at a time so short lists stay on one line."""
    lines = []
    for key, value in data.items():
        flow = isinstance(value, list) and all(isinstance(v, str) for v in value)
        text = yaml.safe_dump(
            {key: value},
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=None if flow else False,
            width=1000,
        ).rstrip("\n")
        if value == [] and key in _TODO_NOTES:
            text += f"  # {_TODO_NOTES[key]}"
        lines.append(text)
    return "\n".join(lines) + "\n"


def render_body(draft: DraftInput) -> str:
    """The body skeleton: instructions and quotable statements in a comment, then a placeholder."""
    lines = [
        "<!--",
        f"Clipped from {draft.publisher}, {draft.day.isoformat()}."
        + (f" {draft.url}" if draft.url else ""),
        "Write the summary in your own words; do not paste the article's text.",
        "Before publishing: rewrite the title and summary, check the actors, topics",
        "and thread, delete this comment, and remove `draft: true`.",
    ]
    if draft.statements:
        lines += ["", "Key statements you may quote, attributed (keep what you use):"]
        lines += [f"- {_attributed(statement)}" for statement in draft.statements]
    lines += ["-->", "", BODY_PLACEHOLDER, ""]
    return "\n".join(lines)


def _attributed(statement: Statement) -> str:
    speaker = statement.speaker or "speaker not named; check the article"
    check = "" if statement.certain or not statement.speaker else " (inferred; check)"
    return f"{speaker}{check}: “{statement.quote}”"


def render_draft(draft: DraftInput) -> str:
    """The whole draft entry file."""
    return f"---\n{render_front_matter(front_matter(draft))}---\n{render_body(draft)}"
