"""The default theme and a briefing's own templates/ over it, file by file."""

from __future__ import annotations

from pathlib import Path

from briefing.render.theme import default_theme, layered_files, template_folders
from tests.conftest import REPO, MakeContent, run_cli

OVERRIDE_404 = """\
{% extends "theme/404.html" %}
{% block main %}<p class="ours">Lost? Our own words.</p>
{{ super() }}{% endblock %}
"""


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


def build(cwd: Path, out: str, *extra: str) -> dict[str, bytes]:
    result = run_cli("build", "--no-search", "--no-cache", "--out", out, *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return files_of(cwd / out)


def test_one_template_and_one_asset_overridden_change_only_those(
    make_content: MakeContent, tmp_path: Path
) -> None:
    make_content()
    plain = build(tmp_path, "plain")  # no templates/ here: the theme alone
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "404.html").write_text(OVERRIDE_404, encoding="utf-8")
    (own / "assets" / "search.css").write_text("/* our search style */\n", encoding="utf-8")
    themed = build(tmp_path, "themed")
    changed = sorted(name for name in plain.keys() & themed.keys() if plain[name] != themed[name])
    assert changed == ["404.html", "search/index.html"]
    gone, added = sorted(plain.keys() - themed.keys()), sorted(themed.keys() - plain.keys())
    assert len(gone) == len(added) == 1
    assert gone[0].startswith("assets/search.") and added[0].startswith("assets/search.")
    assert themed[added[0]] == b"/* our search style */\n"
    page = themed["404.html"].decode()
    assert '<p class="ours">Lost? Our own words.</p>' in page
    assert "There is no page at this address" in page  # the theme's block, through super()
    assert added[0] in themed["search/index.html"].decode()


def test_a_missing_template_names_every_folder_looked_in(
    make_content: MakeContent, tmp_path: Path
) -> None:
    make_content()
    own = tmp_path / "templates"
    own.mkdir()
    (own / "404.html").write_text('{% include "partials/nowhere.html" %}\n', encoding="utf-8")
    result = run_cli("build", "--no-search", "--out", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"templates/404.html:1: template not found: partials/nowhere.html; "
        f"looked in templates/, {default_theme()}/"
    ) in result.stderr, result.stderr


def test_the_cache_digest_covers_the_theme_and_the_overrides(
    make_content: MakeContent, tmp_path: Path
) -> None:
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "assets" / "extra.css").write_bytes(b"a")
    names = [name for name, _ in layered_files(own)]
    assert "0/assets/extra.css" in names and "1/base.html" in names
    # The repository's own templates/ is the theme itself: one layer, not two.
    assert template_folders(REPO / "templates") == (default_theme(),)
    make_content()
    for run in ("first", "second"):
        result = run_cli("build", "--no-search", "--out", "site", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert ("up to date" in result.stdout) == (run == "second")
    (own / "404.html").write_text(OVERRIDE_404, encoding="utf-8")
    result = run_cli("build", "--no-search", "--out", "site", cwd=tmp_path)
    assert "up to date" not in result.stdout
    assert "Our own words" in (tmp_path / "site" / "404.html").read_text(encoding="utf-8")


def test_a_templates_folder_that_is_not_there_is_a_usage_error(
    make_content: MakeContent, tmp_path: Path
) -> None:
    make_content()
    result = run_cli("build", "--templates", "mytheme", "--no-search", cwd=tmp_path)
    assert result.returncode == 2
    assert "error: --templates mytheme is not a folder" in result.stderr
