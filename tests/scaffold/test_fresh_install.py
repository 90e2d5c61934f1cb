"""A new newsroom's first steps, outside this repository, in fresh virtual environments:
install, `init`, `build`, `serve`; and the README's quick start exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.scaffold.fresh_venv import (
    clean_env,
    copy_project,
    imported_from,
    make_venv,
    run,
    serve_and_fetch,
)

pytestmark = pytest.mark.slow

SITE_FILES = [
    "index.html", "404.html", "search/index.html", "threads/getting-started/index.html",
    "actors/our-newsroom/index.html", "topics/about-this-briefing/index.html", "feed.xml",
    "feed.json", "sitemap.xml", "robots.txt", "pagefind/pagefind.js",
]  # fmt: skip


def check_complete(site: Path) -> None:
    for name in SITE_FILES:
        assert (site / name).is_file(), f"{name} missing from the built site"
    for asset in ("style", "search", "visits", "favicon"):
        assert list((site / "assets").glob(f"{asset}.*")), f"asset {asset} missing"
    entries = list(site.glob("2*/*/*/this-briefing-has-started/index.html"))
    assert len(entries) == 1


@pytest.mark.parametrize("editable", [False, True], ids=["installed", "editable"])
def test_init_build_and_serve_in_a_fresh_venv(tmp_path: Path, editable: bool) -> None:
    source = copy_project(tmp_path / "briefing-src")
    bin_folder = make_venv(tmp_path / "venv")
    target = ["-e", source] if editable else [source]
    run([bin_folder / "pip", "install", "--no-deps", *target], cwd=tmp_path)
    work = tmp_path / "newsroom"
    work.mkdir()
    package = imported_from(bin_folder / "python", work)
    if editable:
        assert package == source / "briefing"  # the theme is then the source's templates/
    else:
        assert package.is_relative_to(tmp_path / "venv")
        assert (package / "theme" / "base.html").is_file()  # shipped as package data
        assert (package / "theme" / "assets" / "style.css").is_file()
    briefing = bin_folder / "briefing"
    run([briefing, "init", "desk"], cwd=work)
    desk = work / "desk"
    run([briefing, "build"], cwd=desk)  # with search, no options
    check_complete(desk / "site")
    run([briefing, "check"], cwd=desk)
    home, entry_list = serve_and_fetch(
        [briefing, "serve", "--port", "0", "--no-search"], desk, ["", "threads/"]
    )
    assert "This briefing has started" in home and "/assets/style." in home
    assert "Getting started" in entry_list


def readme_quick_start() -> list[str]:
    """The commands of the README's first code block, without their comments."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.DOTALL)
    assert block is not None, "the README has no code block"
    commands = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [command for command in commands if command and not command.startswith("#")]


def test_the_readme_quick_start_works_in_a_fresh_folder(tmp_path: Path) -> None:
    commands = readme_quick_start()
    assert commands[0].startswith("python3 -m venv .venv && . .venv/bin/activate")
    assert any("build.py build" in c for c in commands)
    assert any("'.[test]'" in c and "pytest" in c for c in commands)
    source = copy_project(tmp_path / "briefing")
    script = []
    for command in commands:
        # The dependencies come from the machine (no second download of each); the project
        # itself is installed as the README says. The test suite is collected, not run:
        # this test is part of it.
        command = command.replace("-m venv .venv", "-m venv --system-site-packages .venv")
        command = re.sub(r"python -m pytest\b.*$", "python -m pytest --collect-only -q "
                         "tests/core/test_slugs.py", command)  # fmt: skip
        script.append(command)
    result = run(["bash", "-euo", "pipefail", "-c", "\n".join(script)], cwd=source,
                 env=clean_env())  # fmt: skip
    assert (source / ".venv" / "bin" / "briefing").is_file()
    assert "test_slugs.py" in result.stdout
    assert (source / "site" / "index.html").is_file()
    assert (source / "site" / "pagefind" / "pagefind.js").is_file()
