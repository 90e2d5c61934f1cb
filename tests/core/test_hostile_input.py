"""Hostile and broken input: each case gives `path:line: message` and exit 1, never a
traceback, a hang or a silently smaller site."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.engine.store import load_site
from tests.conftest import REPO, MakeContent, build_site, entry, run_cli

E = "content/entries/2022/2022-01-28-call.md"
SOURCE = "    title: A report\n"


def with_url(url: str) -> str:
    return entry().replace(SOURCE, f"{SOURCE}    url: {url}\n")


SITE = "title: Test Briefing\nbase_url: https://example.org/\ndescription: A test.\n"

CASES = [
    # (name, files to override, the exact message expected among the errors)
    (
        "duplicate key in an entry",
        {E: entry(extra="title: A second title\n")},
        f"{E}:11: duplicate key 'title' (first at line 2)",
    ),
    (
        "duplicate key in a source",
        {E: entry().replace(SOURCE, SOURCE + "    title: Again\n")},
        f"{E}:11: duplicate key 'title' (first at line 10)",
    ),
    (
        "duplicate key in site.yaml",
        {"content/site.yaml": SITE + "title: Another\n"},
        "content/site.yaml:4: duplicate key 'title' (first at line 1)",
    ),
    (
        "duplicate key in an actor",
        {"content/actors.yaml": "- id: x\n  name: X\n  kind: person\n  name: Y\n"},
        "content/actors.yaml:4: duplicate key 'name' (first at line 2)",
    ),
    (
        "duplicate key in a topic",
        {"content/topics.yaml": "- id: diplomacy\n  name: A\n  id: other\n"},
        "content/topics.yaml:3: duplicate key 'id' (first at line 1)",
    ),
    (
        "duplicate key in a thread",
        {"content/threads/talks.md": "---\ntitle: T\nsummary: S\ntitle: U\n---\n"},
        "content/threads/talks.md:4: duplicate key 'title' (first at line 2)",
    ),
    (
        "a merge key, whose keys the mapping's own would silently override",
        {E: entry(extra="<<: {title: Merged}\n")},
        f"{E}:11: unknown key '<<'",
    ),
    (
        "duplicate thread id, the first file",
        {"content/threads/archive/talks.md": "---\ntitle: Old\nsummary: S\n---\n"},
        "content/threads/talks.md:1: thread id 'talks' is also given by "
        "content/threads/archive/talks.md; rename one of the files",
    ),
    (
        "duplicate thread id, the second file",
        {"content/threads/archive/talks.md": "---\ntitle: Old\nsummary: S\n---\n"},
        "content/threads/archive/talks.md:1: thread id 'talks' is also given by "
        "content/threads/talks.md; rename one of the files",
    ),
    (
        "unbalanced bracket in a source URL",
        {E: with_url("https://[kremlin.ru/events")},
        f"{E}:11: sources[1].url: 'https://[kremlin.ru/events' is not an http or https URL",
    ),
    (
        "unbalanced bracket in base_url",
        {"content/site.yaml": "title: T\nbase_url: https://[kremlin.ru/events\n"},
        "content/site.yaml:2: base_url: 'https://[kremlin.ru/events' "
        "must be an absolute http(s) URL",
    ),
    (
        "raw control character beside an ampersand",
        {E: entry(title="Tom & Jerry").replace("summary:", "summary: a\x0cb\nx:")},
        f"{E}:3: YAML: control character U+000C is not allowed; remove it",
    ),
    (
        "raw control character beside an asterisk, further down",
        {E: entry(extra="trend_reason: '*'\nx: '\x01'\n")},
        f"{E}:12: YAML: control character U+0001 is not allowed; remove it",
    ),
    (
        "a time zone that is a folder of zones",
        {"content/site.yaml": SITE + "timezone: Europe\n"},
        "content/site.yaml:4: timezone: 'Europe' is not an IANA time zone name",
    ),
    (
        "a time zone name too long for a file name",
        {"content/site.yaml": SITE + f"timezone: {'Z' * 300}\n"},
        f"content/site.yaml:4: timezone: '{'Z' * 300}' is not an IANA time zone name",
    ),
    (
        "form feed in a title",
        {E: entry(title='"Talks\\f resume"')},
        f"{E}:2: title: control character U+000C is not allowed; remove it",
    ),
    (
        "NUL in a summary",
        {E: entry().replace("summary: Summary of An entry.", 'summary: "a\\0b"')},
        f"{E}:3: summary: control character U+0000 is not allowed; remove it",
    ),
    (
        "a noncharacter in a title",
        {E: entry(title='"Talks \\uFFFE"')},
        f"{E}:2: title: character U+FFFE is not allowed; remove it",
    ),
    (
        "a C1 control in a source title",
        {E: entry().replace(SOURCE, '    title: "x\\x9b"\n')},
        f"{E}:10: sources[1].title: control character U+009B is not allowed; remove it",
    ),
    (
        "a control character in an actor's name",
        {"content/actors.yaml": '- id: x\n  name: "X\\x1b[31m"\n  kind: person\n'},
        "content/actors.yaml:2: name: control character U+001B is not allowed; remove it",
    ),
    (
        "a control character in the body",
        {E: entry(body="First line.\n\nSecond \x0c line.")},
        f"{E}:15: body: control character U+000C is not allowed; remove it",
    ),
    (
        "a control character in a thread's body",
        {"content/threads/talks.md": "---\ntitle: T\nsummary: S\n---\n\nA\x00b\n"},
        "content/threads/talks.md:6: body: control character U+0000 is not allowed; remove it",
    ),
    (
        "the last day",
        {E: entry(date="9999-12-31")},
        f"{E}:4: date: '9999-12-31' is a date out of range; give one from 0002-01-01 to 9998-12-31",
    ),
    (
        "the first day",
        {E: entry(date="0001-01-01T00:00:00+03:00")},
        f"{E}:4: date: '0001-01-01T00:00:00+03:00' is a date out of range; "
        "give one from 0002-01-01 to 9998-12-31",
    ),
    (
        "a correction on the last day",
        {E: entry(extra="corrections:\n  - date: 9999-12-31\n    text: x\n")},
        f"{E}:12: corrections[1].date: '9999-12-31' is a date out of range; "
        "give one from 0002-01-01 to 9998-12-31",
    ),
    (
        "a language with quotes",
        {"content/site.yaml": SITE + "language: 'en\"&'\n"},
        "content/site.yaml:4: language: 'en\"&' is not a language tag such as 'en' or 'pt-BR'",
    ),
]


def _load(make_content: MakeContent, files: dict[str, str | bytes | None]) -> list[str]:
    content = make_content({k.removeprefix("content/"): v for k, v in files.items()})
    _, problems = load_site(content, include_drafts=False)
    return [str(p) for p in problems if not p.warning]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_message(
    make_content: MakeContent, files: dict[str, str | bytes | None], expected: str
) -> None:
    assert expected in _load(make_content, files)


def test_a_language_tag_with_a_region_is_fine(make_content: MakeContent) -> None:
    site, problems = load_site(
        make_content({"site.yaml": SITE + "language: pt-BR\n"}), include_drafts=False
    )
    assert site is not None and site.config.language == "pt-BR", problems


def test_no_control_character_reaches_the_output(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content({"entries/2022/2022-01-28-call.md": entry(title='"Talks\\f resume"')})
    result = build_site(content, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{E}:2: title: control character U+000C is not allowed; remove it" in result.stderr
    assert not (tmp_path / "site").exists()


# Item 1: unreadable folders ---------------------------------------------------------

UNPRIVILEGED = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def build_unprivileged(content: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """A build that file permissions apply to, even when the tests run as root."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: chmod 000 cannot hide a folder")
        prefix = UNPRIVILEGED
    command = [*prefix, sys.executable, str(REPO / "build.py"), "build", "--content", str(content)]
    command += ["--templates", str(REPO / "templates"), "--out", str(out), "--no-search"]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture
def locked() -> Iterator[list[Path]]:
    """Folders to chmod 000 for one test; their modes come back afterwards."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("folder", "shown"),
    [
        ("entries/2022", "content/entries/2022"),
        ("entries", "content/entries"),
        ("threads", "content/threads"),
        ("", "content"),
    ],
)
def test_an_unreadable_folder_is_an_error_and_the_site_stays(
    make_content: MakeContent, tmp_path: Path, locked: list[Path], folder: str, shown: str
) -> None:
    content = make_content()
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    page = out / "2022/01/28/call/index.html"
    before = page.read_bytes()
    target = content / folder
    target.chmod(0)
    locked.append(target)
    result = build_unprivileged(content, out)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"{shown}: cannot read folder: Permission denied" in result.stderr.splitlines()
    assert page.read_bytes() == before


# Item 7: special files --------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    ["entries/2022/2022-01-29-pipe.md", "site.yaml", "threads/pipe.md", "actors.yaml"],
)
def test_a_fifo_is_an_error_never_read(
    make_content: MakeContent, tmp_path: Path, relative: str
) -> None:
    content = make_content()
    path = content / relative
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "--content", str(content),
         "--templates", str(REPO / "templates"), "--out", str(tmp_path / "site"),
         "--no-search"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"content/{relative}: not a regular file" in result.stderr.splitlines()


def test_a_socket_is_an_error_never_read(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = make_content()
    listener = socket.socket(socket.AF_UNIX)
    # Bound by a relative name from its folder: a socket's address holds about 100 bytes,
    # fewer than a test's temporary path may have.
    monkeypatch.chdir(content / "entries/2022")
    listener.bind("2022-01-29-s.md")
    monkeypatch.undo()
    try:
        messages = _load(make_content, {})
    finally:
        listener.close()
    assert "content/entries/2022/2022-01-29-s.md: not a regular file" in messages


# Item 8: tracebacks -----------------------------------------------------------------


def test_a_bad_base_url_argument_is_a_usage_error(
    make_content: MakeContent, tmp_path: Path
) -> None:
    result = build_site(make_content(), tmp_path / "site", "--base-url", "https://[kremlin.ru/x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        "argument --base-url: 'https://[kremlin.ru/x' must be an absolute http(s) URL"
        in result.stderr
    )


def test_a_bad_url_in_a_parsing_worker_is_reported(
    make_content: MakeContent, tmp_path: Path
) -> None:
    many: dict[str, str | bytes | None] = {
        f"entries/2022/2022-02-{n % 28 + 1:02d}-e{n}.md": entry(f"Entry {n}") for n in range(260)
    }
    many[E.removeprefix("content/")] = with_url("https://[kremlin.ru/events")
    result = build_site(make_content(many), tmp_path / "site", "--jobs", "2", "--no-cache")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    expected = f"{E}:11: sources[1].url: 'https://[kremlin.ru/events' is not an http or https URL"
    assert expected in result.stderr.splitlines()


def test_a_file_name_that_is_not_utf8(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content()
    folder = os.fsencode(content / "entries/2022")
    with open(os.path.join(folder, b"2022-01-30-caf\xe9.md"), "w") as handle:
        handle.write(entry(date="2022-01-30"))
    result = build_site(content, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = "content/entries/2022/2022-01-30-caf\\xe9.md: the file name is not UTF-8; rename it"
    assert message in result.stderr.splitlines()


def test_new_caps_a_very_long_slug(make_content: MakeContent) -> None:
    content = make_content()
    title = "Talks " + "x" * 400 + " resume"
    result = run_cli(
        "new", title, "--thread", "talks", "--content", content, "--date", "2022-02-01"
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.name == "2022-02-01-talks.md"
    assert path.exists()


def test_new_cuts_one_very_long_word(make_content: MakeContent) -> None:
    result = run_cli("new", "x" * 400, "--thread", "talks", "--content", make_content(),
                     "--date", "2022-02-01")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).name == f"2022-02-01-{'x' * 80}.md"


def test_new_cuts_a_long_title_at_a_word(make_content: MakeContent) -> None:
    content = make_content()
    title = " ".join(["negotiations"] * 8)  # 8 words of 12 letters: 103 characters
    result = run_cli(
        "new", title, "--thread", "talks", "--content", content, "--date", "2022-02-01"
    )
    assert result.returncode == 0, result.stderr
    slug = Path(result.stdout.strip()).name.removeprefix("2022-02-01-").removesuffix(".md")
    assert slug == "-".join(["negotiations"] * 6)


# Items 4 and 5: text that vanished --------------------------------------------------


@pytest.mark.parametrize("allow_html", [False, True])
def test_text_after_a_comment_on_its_line_is_published(
    make_content: MakeContent, tmp_path: Path, allow_html: bool
) -> None:
    body = "<!-- editor note --> This sentence is published text.\n\nNext paragraph."
    files: dict[str, str | bytes | None] = {
        "entries/2022/2022-01-28-call.md": entry(body=body),
        "site.yaml": SITE + f"allow_html: {str(allow_html).lower()}\n",
    }
    out = tmp_path / "site"
    result = build_site(make_content(files), out)
    assert result.returncode == 0, result.stderr
    page = (out / "2022/01/28/call/index.html").read_text()
    assert "This sentence is published text." in page
    assert "editor note" not in page


def test_a_draft_line_inside_a_quoted_title_does_not_hide_the_entry(
    make_content: MakeContent,
) -> None:
    text = entry().replace("title: An entry\n", 'title: "A title that goes\ndraft: true\non"\n')
    site, problems = load_site(make_content({E.removeprefix("content/"): text}),
                               include_drafts=False)  # fmt: skip
    assert site is not None, problems
    titles = [e.title for e in site.entries]
    assert "A title that goes draft: true on" in titles


def test_a_real_draft_is_still_hidden(make_content: MakeContent) -> None:
    content = make_content({E.removeprefix("content/"): entry(extra="draft: true\n")})
    site, _ = load_site(content, include_drafts=False)
    assert site is not None and all(e.slug != "call" for e in site.entries)


def test_a_half_written_draft_is_still_skipped(make_content: MakeContent) -> None:
    broken = "---\ntitle: [unclosed\ndraft: true\n---\n"
    site, problems = load_site(make_content({E.removeprefix("content/"): broken}),
                               include_drafts=False)  # fmt: skip
    assert site is not None, problems


def test_a_device_is_an_error_never_read(make_content: MakeContent) -> None:
    content = make_content()
    path = content / "entries/2022/2022-01-29-zero.md"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero: reading never ends
    except PermissionError:
        pytest.skip("making a device node needs root")
    assert "content/entries/2022/2022-01-29-zero.md: not a regular file" in _load(make_content, {})


def test_a_link_to_a_fifo_inside_the_content_is_an_error(make_content: MakeContent) -> None:
    content = make_content()
    os.mkfifo(content / "pipe")
    (content / "entries/2022/2022-01-29-link.md").symlink_to(content / "pipe")
    messages = _load(make_content, {})
    assert "content/entries/2022/2022-01-29-link.md: not a regular file" in messages


def test_an_entry_before_the_year_1000_has_a_four_digit_year_in_its_url(
    make_content: MakeContent,
) -> None:
    """As its archive pages have: and search indexes entry pages by a four-digit year."""
    from briefing.output.search import ENTRY_GLOB

    content = make_content({"entries/0999/0999-03-04-early.md": entry("Early", date="0999-03-04")})
    site, problems = load_site(content, include_drafts=False)
    assert site is not None, problems
    early = next(e for e in site.entries if e.slug == "early")
    assert early.url == "0999/03/04/early/"
    assert Path(early.url + "index.html").match(ENTRY_GLOB)
