"""`new actor`, `new topic` and `new --slug`: registries keep their comments, duplicates and
taken slugs are refused with the file that holds them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.commands.registry_edit import appended
from tests.conftest import ACTORS_YAML, REPO, MakeContent, entry, run_cli

COMMENTED = "# Our actors.\n# Keep them sorted by kind.\n" + ACTORS_YAML.replace(
    "  kind: organization\n", "  kind: organization  # since 1949\n"
)
ENTRY_ARGS = ("--thread", "talks", "--actors", "nato", "--topics", "diplomacy")


def new(content: Path, *args: str) -> tuple[int, str]:
    result = run_cli("new", *args, "--content", content)
    return result.returncode, result.stdout + result.stderr


def test_an_actor_is_appended_and_the_file_keeps_its_comments_and_order(
    make_content: MakeContent,
) -> None:
    content = make_content({"actors.yaml": COMMENTED})
    code, printed = new(content, "actor", "Olaf Scholz", "--kind", "person",
                        "--alias", "Scholz", "--alias", "Олаф Шольц",
                        "--description", "Chancellor of Germany.")  # fmt: skip
    assert code == 0, printed
    assert "added actor 'olaf-scholz'" in printed
    text = (content / "actors.yaml").read_text(encoding="utf-8")
    assert text.startswith(COMMENTED)  # everything before is byte for byte the same
    assert text[len(COMMENTED) :] == (
        "- id: olaf-scholz\n  name: Olaf Scholz\n  kind: person\n"
        "  aliases: [Scholz, Олаф Шольц]\n  description: Chancellor of Germany.\n"
    )
    # Entries now resolve the new names.
    entry_code, _ = new(content, "Scholz visits", "--thread", "talks", "--actors", "Шольц",
                        "--topics", "diplomacy", "--date", "2022-02-01")  # fmt: skip
    assert entry_code == 1  # an unknown alias is still refused...
    entry_code, printed = new(content, "Scholz visits", "--thread", "talks", "--actors",
                              "олаф шольц", "--topics", "diplomacy", "--date", "2022-02-01")  # fmt: skip
    assert entry_code == 0, printed  # ...a known one resolves, in any letter case


def test_a_topic_is_appended_to_topics_yaml(make_content: MakeContent) -> None:
    content = make_content()
    code, printed = new(content, "topic", "Energy: gas & oil", "--description", "Pipelines.")
    assert code == 0, printed
    text = (content / "topics.yaml").read_text(encoding="utf-8")
    assert text.endswith('- id: energy-gas-oil\n  name: "Energy: gas & oil"\n'
                         "  description: Pipelines.\n")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("actor", "Putin", "--kind", "person"),
         "error: name 'Putin' already names actor 'vladimir-putin' at content/actors.yaml:1 "
         "(did you mean 'vladimir-putin'?)"),
        (("actor", "Someone", "--kind", "person", "--alias", "north atlantic treaty organization"),
         "error: alias 'north atlantic treaty organization' already names actor 'nato' at "
         "content/actors.yaml:10 (did you mean 'nato'?)"),
        (("actor", "NATO", "--kind", "group"),
         "error: id 'nato' is taken by the actor at content/actors.yaml:10; "
         "give this one another with --id"),
        (("actor", "Someone", "--kind", "persn"),
         "error: --kind 'persn' is not one of person, country, organization, group "
         "(did you mean 'person'?)"),
        (("actor", "Someone"), "error: give the actor's kind: --kind person | country"),
        (("topic", "diplomacy"), "error: id 'diplomacy' is taken by the topic"),
        (("topic", "Other", "--alias", "x"), "error: a topic has an id, a name and a description"),
        (("actor", "Someone", "--kind", "person", "--id", "Bad Id"), "must be a lowercase slug"),
    ],
)  # fmt: skip
def test_clashes_and_bad_values_are_refused_and_nothing_is_written(
    make_content: MakeContent, args: tuple[str, ...], message: str
) -> None:
    content = make_content()
    before = {p.name: p.read_bytes() for p in content.glob("*.yaml")}
    code, printed = new(content, *args)
    assert code == 1
    assert message in printed
    assert {p.name: p.read_bytes() for p in content.glob("*.yaml")} == before
    assert sorted(p.name for p in content.iterdir() if p.name.startswith(".")) == []


def test_a_record_that_does_not_fit_the_file_is_refused_and_the_file_kept(
    make_content: MakeContent,
) -> None:
    indented = "actors:\n  - id: a\n"  # a mapping, not a list: the build refuses it too
    content = make_content({"actors.yaml": indented})
    code, printed = new(content, "actor", "Someone", "--kind", "person")
    assert code == 1 and "fix content/actors.yaml first" in printed
    assert (content / "actors.yaml").read_text(encoding="utf-8") == indented
    assert [p.name for p in content.iterdir() if p.name.startswith(".")] == []


def test_an_empty_flow_list_makes_way_for_the_first_record() -> None:
    assert appended("# none yet\n[]\n", "- id: a\n") == "# none yet\n- id: a\n"
    assert appended("- id: a", "- id: b\n") == "- id: a\n- id: b\n"


def test_a_taken_slug_names_the_file_that_holds_it_and_suggests_slug(
    make_content: MakeContent,
) -> None:
    content = make_content(
        {"entries/2022/2022-01-28-renamed.md": entry("Renamed", extra="slug: putin-meets\n")}
    )
    code, printed = new(content, "Putin calls Macron", *ENTRY_ARGS, "--date", "2022-01-28")
    assert code == 0, printed
    code, printed = new(content, "Putin calls Macron!", *ENTRY_ARGS, "--date", "2022-01-28")
    assert code == 1
    assert ("error: the slug 'putin-calls-macron' is taken on 2022-01-28 by "
            "content/entries/2022/2022-01-28-putin-calls-macron.md; not overwritten. "
            "Give this entry another with --slug") in printed  # fmt: skip
    code, printed = new(content, "Putin calls Macron!", *ENTRY_ARGS, "--date", "2022-01-28",
                        "--slug", "second-call")  # fmt: skip
    assert code == 0, printed
    assert (content / "entries/2022/2022-01-28-second-call.md").is_file()
    # A slug set in another file's front matter is taken as well.
    code, printed = new(content, "Putin meets", *ENTRY_ARGS, "--date", "2022-01-28")
    assert code == 1
    assert "taken on 2022-01-28 by content/entries/2022/2022-01-28-renamed.md" in printed
    # The same slug on another day is free.
    code, printed = new(content, "Putin meets", *ENTRY_ARGS, "--date", "2022-01-29")
    assert code == 0, printed


def test_two_emoji_titles_on_one_day_get_different_files(make_content: MakeContent) -> None:
    content = make_content()
    assert new(content, "🎉", *ENTRY_ARGS, "--date", "2022-02-01")[0] == 0
    assert new(content, "🕊️", *ENTRY_ARGS, "--date", "2022-02-01")[0] == 0
    names = sorted(p.name for p in (content / "entries/2022").glob("2022-02-01-*.md"))
    assert len(names) == 2 and all(n.startswith("2022-02-01-entry-") for n in names)


def test_new_and_clip_slug_a_title_alike(make_content: MakeContent) -> None:
    article = REPO / "tests" / "fixtures" / "clip" / "en-hard-cases.txt"
    clip_content = REPO / "tests" / "fixtures" / "clip" / "content"
    clipped = run_cli("clip", article, "--content", clip_content, "--dry-run")
    assert clipped.returncode == 0, clipped.stderr
    written = re.search(r"would write (\S+)", clipped.stdout)
    assert written is not None, clipped.stdout
    title = "Kremlin critic's lawyer says appeal filed in Moscow court"  # the fixture's
    code, printed = new(make_content(), title, *ENTRY_ARGS, "--date", "2023-04-12")
    assert code == 0, printed
    assert Path(printed.strip()).name == Path(written.group(1)).name
    assert (
        Path(printed.strip()).name
        == "2023-04-12-kremlin-critic-lawyer-says-appeal-filed-in-moscow.md"
    )
