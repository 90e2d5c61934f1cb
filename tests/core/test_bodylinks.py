"""Links in entry bodies: checked at the Markdown level in every build, rewritten where they
name an entry's file or start at the site's root (issue 17, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.engine.store import load_site
from tests.conftest import MakeContent, build_site, entry

L = "content/entries/2022/2022-01-27-links.md"


def linking(body: str) -> dict[str, str]:
    """The base site plus an entry whose body is `body` (its first line is file line 13)."""
    return {"entries/2022/2022-01-27-links.md": entry("Links", date="2022-01-27", body=body)}


CASES = [
    # (name, body, expected error)
    (
        "missing entry by URL",
        "See [the call](/2022/01/28/cal/).",
        f"{L}:13: link '/2022/01/28/cal/' leads to no entry "
        "(did you mean '/2022/01/28/call/' (Putin calls Macron)?)",
    ),
    (
        "missing entry by relative URL",
        "First line.\nSee [the call](../../28/calls/).",
        f"{L}:14: link '../../28/calls/' leads to no entry "
        "(did you mean '/2022/01/28/call/' (Putin calls Macron)?)",
    ),
    (
        "missing entry by file",
        "See [the call](2022-01-28-cal.md).",
        f"{L}:13: link '2022-01-28-cal.md' names no entry file "
        "(did you mean '2022-01-28-call.md' (Putin calls Macron)?)",
    ),
    (
        "missing entry found by title",
        "See [the call](/2022/01/28/putin-calls/).",
        f"{L}:13: link '/2022/01/28/putin-calls/' leads to no entry "
        "(did you mean '/2022/01/28/call/' (Putin calls Macron)?)",
    ),
    (
        "missing heading in this entry",
        "## Background\n\nSee [above](#backgroud).",
        f"{L}:15: link '#backgroud' leads to no heading: this entry has no '#backgroud' "
        "(did you mean '#background'?)",
    ),
    (
        "missing heading in another entry",
        "See [the call](2022-01-28-call.md#reaction).",
        f"{L}:13: link '2022-01-28-call.md#reaction' leads to no heading: "
        "content/entries/2022/2022-01-28-call.md has no '#reaction'",
    ),
    (
        "missing thread",
        "See [the talks](/threads/talk/).",
        f"{L}:13: link '/threads/talk/' leads to no thread 'talk' (did you mean '/threads/talks/'?)",
    ),
    (
        "missing actor",
        "See [Putin](/actors/vladimir-puttin/).",
        f"{L}:13: link '/actors/vladimir-puttin/' leads to no actor 'vladimir-puttin' "
        "(did you mean '/actors/vladimir-putin/'?)",
    ),
    (
        "a draft",
        "See [the draft](2022-01-29-draft.md).",
        f"{L}:13: link '2022-01-29-draft.md' leads to a draft, which is not published: "
        "publish it, or link it later",
    ),
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_link_message(make_content: MakeContent, body: str, expected: str) -> None:
    draft = entry("A draft", date="2022-01-29", extra="draft: true\n")
    content = make_content(linking(body) | {"entries/2022/2022-01-29-draft.md": draft})
    _, problems = load_site(content, include_drafts=False)
    assert [str(p) for p in problems if not p.warning] == [expected]


def test_good_links_pass(make_content: MakeContent) -> None:
    body = (
        "## Background\n\n[top](#background), [call](2022-01-28-call.md), "
        "[by content](entries/2022/2022-01-26-replies.md), [url](/2022/01/28/call/), "
        "[relative](../../28/call/), [thread](/threads/talks/), [feed](/feed.xml), "
        "[elsewhere](https://example.com/x.md), [mail](mailto:desk@example.org)"
    )
    _, problems = load_site(make_content(linking(body)), include_drafts=False)
    assert [str(p) for p in problems if not p.warning] == []


def test_a_missing_entry_stops_the_build_at_its_line(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(linking("Intro.\n\nSee [the call](/2022/01/28/cal/)."))
    result = build_site(content, tmp_path / "site", "--no-cache")
    assert result.returncode == 1
    assert f"{L}:15: link '/2022/01/28/cal/' leads to no entry" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_file_and_root_relative_links_come_out_under_the_base_path(
    make_content: MakeContent, tmp_path: Path
) -> None:
    body = (
        "[by file](2022-01-28-call.md), [by content path](entries/2022/2022-01-26-replies.md#x), "
        "[root-relative](/2022/01/28/call/), [relative](../../28/call/), "
        "[already based](/brief/threads/talks/), [encoded](/files/caf%C3%A9.pdf)"
    )
    body_with_heading = entry("Written replies", date="2022-01-26", thread="[talks, buildup]",
                              actors="[nato]", body="## X\n\nText.")  # fmt: skip
    content = make_content(
        linking(body) | {"entries/2022/2022-01-26-replies.md": body_with_heading}
    )
    out = tmp_path / "site"
    result = build_site(content, out, "--no-cache", "--base-url", "https://example.org/brief/")
    assert result.returncode == 0, result.stderr
    page = (out / "2022/01/27/links/index.html").read_text()
    assert '<a href="/brief/2022/01/28/call/">by file</a>' in page
    assert '<a href="/brief/2022/01/26/replies/#x">by content path</a>' in page
    assert '<a href="/brief/2022/01/28/call/">root-relative</a>' in page
    assert '<a href="../../28/call/">relative</a>' in page
    assert '<a href="/brief/threads/talks/">already based</a>' in page
    assert '<a href="/brief/files/caf%C3%A9.pdf">encoded</a>' in page


def test_a_cached_body_is_checked_again_when_its_target_goes(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(linking("See [the call](2022-01-28-call.md)."))
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build_site(content, out, "--cache", cache).returncode == 0
    (content / "entries/2022/2022-01-28-call.md").unlink()
    result = build_site(content, out, "--cache", cache)
    assert result.returncode == 1
    assert f"{L}:13: link '2022-01-28-call.md' names no entry file" in result.stderr


def test_a_cached_body_follows_its_target_to_a_new_url(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(linking("See [the call](2022-01-28-call.md)."))
    out, cache = tmp_path / "site", tmp_path / "cache"
    assert build_site(content, out, "--cache", cache).returncode == 0
    call = content / "entries/2022/2022-01-28-call.md"
    call.write_text(call.read_text().replace("title:", "slug: phone-call\ntitle:", 1))
    assert build_site(content, out, "--cache", cache).returncode == 0
    page = (out / "2022/01/27/links/index.html").read_text()
    assert '<a href="/2022/01/28/phone-call/">the call</a>' in page
