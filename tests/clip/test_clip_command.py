"""`clip FILE`: end to end on saved articles, with a writable fixture content folder."""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.clip.command import run_clip
from briefing.clip.options import add_clip_parser
from briefing.engine.store import load_site

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "clip"

HEADLINE = "Putin Tells Macron Western Replies Miss Russia’s Core Concerns"
DRAFT_NAME = "entries/2022/2022-01-28-putin-tells-macron-western-replies-miss-russia-core.md"
# Every line of the saved page that is not the article.
READOUT_CLUTTER = """\
Reading without adverts?
We took every advert off our pages last spring, so that nothing gets between you and the news.
Keeping it that way costs us money every month. A small gift from you keeps the lights on.
Support us
Our reporting is blocked in Russia. Help us keep it reaching readers there.
The president has said little in public about Ukraine for several weeks.
Get our weekly newsletter
A hand-picked round-up of our reporting
Subscribers agree to the Privacy Policy
A Note from The Vistula Dispatch:
Dear readers,
Russia has declared our newsroom an "undesirable" organisation
foreign agent
These steps are meant to silence reporting that does not follow the official line.
We, the reporters of The Vistula Dispatch, will not stop.
Your support, however small, keeps us going.
By supporting The Vistula Dispatch
Not ready to give today?
Remind me later.
payment methods
Read more""".splitlines()


def clip(*argv: str | Path) -> tuple[int, str, str]:
    top = argparse.ArgumentParser(prog="briefing")
    add_clip_parser(top.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    code = run_clip(top.parse_args(["clip", *map(str, argv)]), out, err)
    return code, out.getvalue(), err.getvalue()


def entries(content: Path) -> set[str]:
    return {p.relative_to(content).as_posix() for p in (content / "entries").rglob("*.md")}


def test_readout_with_date(readout: Path, content: Path) -> None:
    code, out, err = clip(readout, "--content", content, "--date", "2022-01-28")
    assert (code, err) == (0, "")
    draft = (content / DRAFT_NAME).read_text(encoding="utf-8")
    assert f"title: {HEADLINE}\n" in draft
    assert "- publisher: The Vistula Dispatch\n" in draft
    assert "published: 2022-01-28\n" in draft and "draft: true\n" in draft
    actors = re.search(r"^actors: \[(.*)\]$", draft, re.M)
    assert actors is not None
    assert {"vladimir-putin", "emmanuel-macron", "sergei-lavrov"} <= set(actors[1].split(", "))
    assert "thread: russia-nato-security-talks\n" in draft
    assert "'Putin', 'Vladimir Putin'" in out or "'Vladimir Putin', 'Putin'" in out
    assert "publisher  The Vistula Dispatch" in out and "date       2022-01-28" in out


def test_readout_draft_has_no_clutter_and_no_article_text(readout: Path, content: Path) -> None:
    assert clip(readout, "--content", content, "--date", "2022-01-28")[0] == 0
    draft = (content / DRAFT_NAME).read_text(encoding="utf-8")
    for line in READOUT_CLUTTER:
        assert line not in draft
    for word in ("newsletter", "Subscribe", "support", "Read more", "Privacy"):
        assert word not in draft
    # Nothing of the article is pasted: no run of 6 words from outside its quotes
    # appears in the draft except the headline, which is the source's title.
    article = readout.read_text(encoding="utf-8").replace(HEADLINE, "")
    unquoted = re.sub(r"“[^”]*”", " | ", article)
    draft_words = " ".join(draft.replace(HEADLINE, "").split())
    words = unquoted.split()
    for i in range(len(words) - 5):
        run = " ".join(words[i : i + 6])
        if "|" not in run:
            assert run not in draft_words


def test_readout_without_date_asks_for_it(readout: Path, content: Path) -> None:
    before = entries(content)
    code, out, err = clip(readout, "--content", content)
    assert code == 1
    assert "date       not found  [none: the article names only a weekday ('Friday')]" in out
    assert err == (
        f"error: {readout}: no date found (the article names only a weekday ('Friday')); "
        "give it with --date YYYY-MM-DD\n"
    )
    assert entries(content) == before


def test_refuses_to_overwrite(readout: Path, content: Path) -> None:
    target = content / DRAFT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\ndraft: true\n---\nThe editor's work.\n", encoding="utf-8")
    code, _, err = clip(readout, "--content", content, "--date", "2022-01-28")
    assert code == 1
    assert err == (
        f"error: {target}: already exists; clip never overwrites (move it away, or edit it)\n"
    )
    assert target.read_text(encoding="utf-8").endswith("The editor's work.\n")


def test_dry_run_writes_nothing(readout: Path, content: Path) -> None:
    before = entries(content)
    code, out, _ = clip(readout, "--content", content, "--date", "2022-01-28", "--dry-run")
    assert code == 0
    assert f"would write {content / DRAFT_NAME} (--dry-run: nothing written)" in out
    assert "\n---\ndraft: true\n" in out
    assert entries(content) == before


@pytest.mark.parametrize(
    ("name", "path", "actors"),
    [
        ("en-energy-plain.txt", "entries/2023/2023-03-03-france-and-germany-agree-to-pool-winter"
         "-gas.md", "france, germany, emmanuel-macron, olaf-scholz, european-union"),
        ("en-kyiv-visit.html", "entries/2023/2023-09-06-blinken-meets-zelensky-in-kyiv-pledges"
         "-more-air.md", "antony-blinken, ukraine, united-states, volodymyr-zelensky"),
        ("ru-lavrov.txt", "entries/2022/2022-01-28-lavrov-moskva-gotova-prodolzhit-dialog-s"
         "-vashingtonom.md", "russia, sergei-lavrov, united-states, nato, vladimir-putin"),
        ("ru-drills.html", "entries/2022/2022-02-02-rossiya-i-belorussiya-nachali-vnezapnuyu"
         "-proverku-voysk.md", "belarus, russia, alexander-lukashenko, ukraine, nato"),
    ],
)  # fmt: skip
def test_fixture_articles(name: str, path: str, actors: str, content: Path) -> None:
    code, _, err = clip(FIXTURES / name, "--content", content)
    assert (code, err) == (0, "")
    draft = (content / path).read_text(encoding="utf-8")
    found = re.search(r"^actors: \[(.*)\]$", draft, re.M)
    assert found is not None and set(found[1].split(", ")) == set(actors.split(", "))


def test_drafts_it_writes_are_valid_entries(readout: Path, content: Path) -> None:
    for name in ("en-energy-plain.txt", "en-kyiv-visit.html", "en-sanctions.html"):
        assert clip(FIXTURES / name, "--content", content)[0] == 0
    assert clip(readout, "--content", content, "--date", "2022-01-28")[0] == 0
    site, problems = load_site(content, include_drafts=True)
    assert [p for p in problems if not p.warning] == [] and site is not None
    assert sum(entry.draft for entry in site.entries) == 4
    # Built without drafts, the site is as before.
    assert [p for p in load_site(content, include_drafts=False)[1] if not p.warning] == []


def test_a_draft_missing_a_topic_says_so_when_drafts_are_built(content: Path) -> None:
    # The fixture topics are described in English, so a Russian article matches none.
    code, out, _ = clip(FIXTURES / "ru-lavrov.txt", "--content", content)
    assert code == 0 and "topics     no topic's name or description matches" in out
    _, problems = load_site(content, include_drafts=True)
    assert [e.message for e in problems if not e.warning] == ["topics: required, give at least one"]


def test_html_url_and_options(content: Path) -> None:
    code, out, _ = clip(FIXTURES / "en-kyiv-visit.html", "--content", content, "--dry-run",
                        "--thread", "ukraine-border-buildup", "--publisher", "Harbor")  # fmt: skip
    assert code == 0
    assert "url: https://harbordaily.example/world/2023/09/06/blinken-kyiv\n" in out
    assert "thread: ukraine-border-buildup\n" in out and "publisher: Harbor\n" in out
    assert "thread     ukraine-border-buildup  [given: given with --thread]" in out


def test_standard_input(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / "ru-lavrov.txt").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, _ = clip("-", "--content", content, "--dry-run")
    assert code == 0 and "publisher: Вечерний вестник" in out


def test_missing_publisher_is_asked_for(content: Path, tmp_path: Path) -> None:
    saved = tmp_path / "bare.txt"
    saved.write_text(
        "Talks resume in Geneva next month\n"
        "Published 3 March 2023\n"
        "Sergei Lavrov said on Friday that talks with NATO would resume in Geneva next month, "
        "after a pause of several weeks.\n",
        encoding="utf-8",
    )
    code, _, err = clip(saved, "--content", content)
    assert code == 1
    assert err == (
        f"error: {saved}: no publisher found (the page does not name its publisher); "
        "give it with --publisher NAME\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing.txt"], "error: missing.txt: no such file\n"),
        (["{fixtures}/en-energy-plain.txt", "--thread", "russia-nato-talks"],
         "error: --thread: unknown thread 'russia-nato-talks' "
         "(did you mean 'russia-nato-security-talks'?)\n"),
        (["{fixtures}/en-energy-plain.txt", "--url", "ftp://x"],
         "error: --url: 'ftp://x' is not an http(s) address\n"),
    ],
)  # fmt: skip
def test_errors_are_one_line_without_traceback(
    argv: list[str], message: str, content: Path
) -> None:
    args = [a.format(fixtures=FIXTURES) for a in argv]
    code, _, err = clip(*args, "--content", content)
    assert (code, err) == (1, message)


def test_missing_content_folder(tmp_path: Path) -> None:
    code, _, err = clip(FIXTURES / "ru-lavrov.txt", "--content", tmp_path / "nowhere")
    assert (code, err) == (1, f"error: {tmp_path / 'nowhere'}: no such content folder "
                              "(use --content DIR)\n")  # fmt: skip


def test_bad_date_is_a_usage_error(content: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        clip(FIXTURES / "ru-lavrov.txt", "--content", content, "--date", "28.01.2022")
    assert exit_info.value.code == 2


def test_content_errors_stop_the_clip(content: Path) -> None:
    (content / "actors.yaml").write_text("- id: Bad Id\n  name: X\n  kind: person\n")
    code, out, err = clip(FIXTURES / "ru-lavrov.txt", "--content", content)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error: content/actors.yaml:1: ")
    assert lines[-1] == f"error: {content}: fix these first; clip reads the registry from it"


def test_through_build_py(readout: Path, content: Path) -> None:
    """`python build.py clip` as a user runs it: the command is wired into the CLI."""
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(repo / "build.py"), "clip", str(readout), "--content",
         str(content), "--dry-run"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "give it with --date YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr
