"""`init`: a new briefing that builds, checks and is never written over."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from briefing.commands.starter import starter_files
from tests.conftest import REPO, run_cli


def test_a_new_briefing_builds_and_checks_with_no_options(tmp_path: Path) -> None:
    result = run_cli("init", "city-desk", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "city-desk"
    assert (folder / "content" / "site.yaml").is_file()
    assert not (folder / "templates").exists()  # the theme comes from the package
    built = run_cli("build", "--no-search", cwd=folder)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""  # not even a warning
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>City desk" in home
    assert "This briefing has started" in home
    assert list((folder / "site" / "assets").glob("style.*.css"))
    assert run_cli("check", cwd=folder).returncode == 0


def test_the_registries_have_a_commented_example_and_parse(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "b").returncode == 0
    for name in ("actors.yaml", "topics.yaml"):
        text = (tmp_path / "b" / "content" / name).read_text(encoding="utf-8")
        assert "# An example" in text and "# - id:" in text
        assert isinstance(yaml.safe_load(text), list)
    site = (tmp_path / "b" / "content" / "site.yaml").read_text(encoding="utf-8")
    for key in ("title", "description", "base_url", "timezone", "page_size", "allow_html"):
        assert f"\n{key}:" in site
    assert site.count("\n#") >= 8  # every field explained


def test_a_folder_that_is_not_empty_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_cli("init", folder)
    assert result.returncode == 1
    assert f"error: {folder} is not empty; nothing was written" in result.stderr
    assert f"{folder / 'content' / 'site.yaml'}" in result.stderr  # what it would have written
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_file_in_the_way_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_cli("init", tmp_path / "file").returncode == 1
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_the_deploy_files_match_the_generator_s_own() -> None:
    import datetime as dt

    files = starter_files("T", dt.date(2022, 1, 28), None, "0.1.0")
    ours = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    theirs = tomllib.loads(files["netlify.toml"])
    assert theirs["headers"] == ours["headers"]
    assert theirs["build"]["publish"] == "site"
    # Warm deploys, as ours: Netlify's cache plugin and CI's cache keep the build cache and
    # the last site, restored before the build.
    assert theirs["plugins"] == ours["plugins"]
    workflow = yaml.safe_load(files[".github/workflows/build.yml"])
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "briefing check" in runs and "briefing build" in runs
    cached = [
        n for n, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@")
    ]
    assert len(cached) == 1 and cached[0] < runs.index("briefing build")
    assert steps[cached[0]]["with"]["path"].split() == [".cache/briefing", "site"]
    assert not any("pytest" in run for run in runs)
    assert "/site/" in files[".gitignore"] and "/.cache/" in files[".gitignore"]
    # No generator origin known: the file says how to name one, and CI stops with that.
    assert not [line for line in files["requirements.txt"].splitlines() if line[:1] not in "#"]


def test_the_commented_examples_are_valid_records_once_uncommented(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "b").returncode == 0
    for name, key in (("actors.yaml", "kind"), ("topics.yaml", "description")):
        text = (tmp_path / "b" / "content" / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("# An example")) + 1
        end = lines.index("#", start)
        example = [line[2:] for line in lines[start:end]]
        records = yaml.safe_load("\n".join(example))
        assert len(records) == 1 and key in records[0]
        (tmp_path / "b" / "content" / name).write_text(text + "\n".join(example) + "\n")
    built = run_cli("build", "--no-search", cwd=tmp_path / "b")
    assert built.returncode == 0, built.stderr


def test_new_actor_and_topic_extend_the_started_registries(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "b").returncode == 0
    folder = tmp_path / "b"
    before = (folder / "content" / "actors.yaml").read_text(encoding="utf-8")
    added = run_cli("new", "actor", "Jane Doe", "--kind", "person", "--alias", "Mayor Doe",
                    cwd=folder)  # fmt: skip
    assert added.returncode == 0, added.stderr
    after = (folder / "content" / "actors.yaml").read_text(encoding="utf-8")
    assert (
        after
        == before + "- id: jane-doe\n  name: Jane Doe\n  kind: person\n  aliases: [Mayor Doe]\n"
    )
    assert run_cli("new", "topic", "Water supply", cwd=folder).returncode == 0
    made = run_cli("new", "Doe opens the reservoir", "--thread", "getting-started",
                   "--actors", "mayor doe", "--topics", "water-supply", cwd=folder)  # fmt: skip
    assert made.returncode == 0, made.stderr
