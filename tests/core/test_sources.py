"""Reading content: an entry file is skipped only when its stat proves it unchanged."""

from __future__ import annotations

import os
import time

from briefing.content.sources import Known, read_content
from tests.conftest import MakeContent, entry

RELATIVE = "entries/2022/2022-01-28-call.md"


def trusting(known: Known) -> Known:
    """The same records, with every file counting as settled (as two seconds later)."""
    return Known(known.files, time.time_ns() + 10**10)


def test_an_unchanged_file_is_known_by_its_stat(make_content: MakeContent) -> None:
    content = make_content()
    first, _ = read_content(content)
    again, _ = read_content(content, trusting(first.known()))
    assert all(f.unread and not f.text for f in again.entries)
    assert [f.digest for f in again.entries] == [f.digest for f in first.entries]


def test_a_change_that_keeps_size_and_mtime_is_still_read(make_content: MakeContent) -> None:
    content = make_content()
    first, _ = read_content(content)
    path = content / RELATIVE
    info = path.stat()
    text = path.read_text()
    path.write_text(text.replace("Putin calls Macron", "Putin rings Macron"))  # same length
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size
    again, _ = read_content(content, trusting(first.known()))
    changed = next(f for f in again.entries if f.relative == RELATIVE)
    assert not changed.unread and "Putin rings Macron" in changed.text
    assert changed.digest != next(f for f in first.entries if f.relative == RELATIVE).digest


def test_a_file_changed_just_before_the_last_read_is_read_again(
    make_content: MakeContent,
) -> None:
    """Within two seconds of the last build's start, a same-tick change could hide: read."""
    content = make_content()
    first, _ = read_content(content)
    again, _ = read_content(content, first.known())  # settled two seconds before it began
    assert not any(f.unread for f in again.entries)


def test_a_new_file_is_read(make_content: MakeContent) -> None:
    content = make_content()
    first, _ = read_content(content)
    (content / "entries/2022/2022-01-29-new.md").write_text(entry("New", date="2022-01-29"))
    again, _ = read_content(content, trusting(first.known()))
    new = next(f for f in again.entries if f.relative.endswith("new.md"))
    assert not new.unread and "New" in new.text


def test_a_linked_file_is_read_every_time(make_content: MakeContent) -> None:
    """A link's own stat says nothing of the file it leads to: never trusted."""
    content = make_content()
    target = content / "entries/2022/linked-target.md"
    target.write_text(entry("Target", date="2022-01-30"))
    (content / "entries/2022/2022-01-30-linked.md").symlink_to(target)
    files, _ = read_content(content)
    assert "entries/2022/2022-01-30-linked.md" not in files.known().files
    again, _ = read_content(content, trusting(files.known()))
    linked = next(f for f in again.entries if f.relative.endswith("linked.md"))
    assert not linked.unread
