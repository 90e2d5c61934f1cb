"""The build's contracts: URLs, pagination, aliases, drafts, order, escaping, atomicity, determinism."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from tests.conftest import REPO, MakeContent, build_site, entry, run_cli


def read(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_every_page_type_exists(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(make_content(), out)
    assert result.returncode == 0, result.stderr
    for path in [
        "index.html",
        "2022/01/28/call/index.html",
        "2022/01/28/index.html",
        "2022/01/index.html",
        "2022/index.html",
        "threads/index.html",
        "threads/talks/index.html",
        "threads/talks/feed.xml",
        "actors/index.html",
        "actors/vladimir-putin/index.html",
        "actors/vladimir-putin/feed.xml",
        "topics/index.html",
        "topics/diplomacy/index.html",
        "topics/diplomacy/feed.xml",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "search/index.html",
    ]:
        assert (out / path).is_file(), path
    assert "Sitemap: https://example.org/sitemap.xml" in read(out, "robots.txt")
    css = [p.name for p in (out / "assets").iterdir()]
    assert any(re.fullmatch(r"style\.[0-9a-f]{10}\.css", name) for name in css), css


def test_entry_page_has_metadata(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(make_content(), out)
    html = read(out, "2022/01/28/call/index.html")
    assert '<html lang="en">' in html
    assert "<title>Putin calls Macron · Test Briefing</title>" in html
    assert '<link rel="canonical" href="https://example.org/2022/01/28/call/">' in html
    assert '<meta property="og:title" content="Putin calls Macron">' in html
    assert re.search(r'<time datetime="2022-01-28"[^>]*>28 January 2022</time>', html)
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert jsonld and json.loads(jsonld.group(1))["@type"] == "NewsArticle"


def test_titles_are_unique(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(REPO / "content", out).returncode == 0
    titles: dict[str, str] = {}
    for page in out.rglob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"))
        assert title, page
        assert title.group(1) not in titles, (page, titles.get(title.group(1)))
        titles[title.group(1)] = str(page)


def test_aliases_resolve_to_actor_pages(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(make_content(), out)
    assert "Putin calls Macron" in read(out, "actors/vladimir-putin/index.html")
    assert "Putin calls Macron" in read(out, "actors/emmanuel-macron/index.html")
    assert "Written replies" in read(out, "threads/buildup/index.html")  # second listed thread


def test_pagination_and_repeated_month_heading(make_content: MakeContent, tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "site.yaml": "title: T\nbase_url: https://example.org/\npage_size: 2\n"
    }
    for day in ("2022-01-30", "2022-01-31", "2022-02-01"):
        files[f"entries/2022/{day}-e.md"] = entry(f"Entry {day}", date=day)
    out = tmp_path / "site"
    assert build_site(make_content(files), out).returncode == 0
    # talks: 02-01, 01-31 | 01-30, 01-28 | 01-26
    page1, page2 = (
        read(out, "threads/talks/index.html"),
        read(out, "threads/talks/page/2/index.html"),
    )
    assert (out / "threads/talks/page/3/index.html").exists()
    assert not (out / "threads/talks/page/4/index.html").exists()
    assert "February 2022" in page1 and "January 2022" in page1
    assert "January 2022" in page2  # the month continues, so its heading repeats
    assert 'rel="next" href="/threads/talks/page/2/"' in page1
    assert 'rel="prev" href="/threads/talks/"' in page2
    assert "(page 2 of 3)" in page2


def test_drafts_are_skipped_unless_asked(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content(
        {
            "entries/2022/2022-01-29-draft.md": entry(
                "A draft", date="2022-01-29", extra="draft: true\n"
            ),
            # half written: broken YAML, but it says it is a draft
            "entries/2022/2022-01-30-wip.md": "---\ndraft: true\ntitle: [oops\n---\n",
        }
    )
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    assert not (out / "2022/01/29/draft").exists()
    with_drafts = build_site(content, tmp_path / "drafts", "--drafts")
    assert with_drafts.returncode == 1  # the half-written draft is validated now
    assert "2022-01-30-wip.md:3: YAML:" in with_drafts.stderr
    (content / "entries/2022/2022-01-30-wip.md").unlink()
    assert build_site(content, tmp_path / "drafts", "--drafts").returncode == 0
    assert (tmp_path / "drafts/2022/01/29/draft/index.html").exists()


def test_order_by_instant_with_slug_tiebreak(make_content: MakeContent, tmp_path: Path) -> None:
    content = make_content(
        {
            # 09:00 in Moscow is 06:00 UTC: earlier than 08:00 UTC the same day
            "entries/2022/2022-02-01-b-late.md": entry("Late", date="2022-02-01T08:00:00Z"),
            "entries/2022/2022-02-01-a-early.md": entry("Early", date="2022-02-01T09:00:00+03:00"),
            "entries/2022/2022-02-01-c-tie.md": entry("Tie one", date="2022-02-01T08:00:00+00:00"),
            "entries/2022/2022-02-01-d-naive.md": entry(
                "Naive", date="2022-02-01 07:00"
            ),  # site tz: UTC
        }
    )
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    page = read(out, "threads/talks/index.html")
    order = [page.index(f">{t}</a>") for t in ("Late", "Tie one", "Naive", "Early")]
    assert order == sorted(order)


def test_content_is_escaped(make_content: MakeContent, tmp_path: Path) -> None:
    title = '"Evil" <script>alert(1)</script> & co'
    content = make_content(
        {
            "entries/2022/2022-01-28-call.md": entry(
                title="'" + title.replace("'", "''") + "'",
                body="<script>alert(2)</script>\n\n[x](javascript:alert(3))\n\n</script><!--",
            )
        }
    )
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    html = read(out, "2022/01/28/call/index.html")
    assert "<script>alert" not in html
    assert 'href="javascript' not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\u003cscript\\u003e" in html  # inside JSON-LD
    assert "<script>alert" not in read(out, "feed.xml") and "&lt;script&gt;" in read(
        out, "feed.xml"
    )


def test_allow_html_lets_trusted_sites_use_raw_html(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(
        {
            "site.yaml": "title: T\nbase_url: https://example.org/\nallow_html: true\n",
            "entries/2022/2022-01-28-call.md": entry(body='<aside class="note">Raw</aside>'),
        }
    )
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    assert '<aside class="note">Raw</aside>' in read(out, "2022/01/28/call/index.html")


def test_base_url_with_a_path(make_content: MakeContent, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(make_content(), out, "--base-url", "https://example.org/briefing/")
    assert result.returncode == 0, result.stderr
    html = read(out, "index.html")
    assert 'href="/briefing/threads/"' in html
    assert re.search(r'href="/briefing/assets/style\.[0-9a-f]+\.css"', html)
    assert 'href="/threads/' not in html
    assert "<loc>https://example.org/briefing/2022/01/28/call/</loc>" in read(out, "sitemap.xml")


def test_failed_build_leaves_the_previous_site_whole(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content()
    out = tmp_path / "site"
    assert build_site(content, out).returncode == 0
    before = tree_digest(out)
    (content / "entries/2022/2022-01-28-call.md").write_text(
        entry(actors="[nobody]"), encoding="utf-8"
    )
    assert build_site(content, out).returncode == 1
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]  # no staging left


def test_broken_template_fails_with_its_line(make_content: MakeContent, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    import shutil

    shutil.copytree(REPO / "templates", templates)
    (templates / "term.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n{{ oops(\n{% endblock %}\n"
    )
    result = run_cli(
        "build",
        "--content",
        make_content(),
        "--templates",
        templates,
        "--out",
        tmp_path / "site",
        "--no-search",
    )
    assert result.returncode == 1
    assert re.search(r"templates/term\.html:\d: template:", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_rebuilds_are_byte_identical_across_environments(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(
        {"entries/2030/2030-01-01-future.md": entry("Future", date="2030-01-01")}
    )
    digests = []
    for index, (tz, seed, lang) in enumerate([("UTC", "0", "C.UTF-8"), ("Asia/Tokyo", "123", "C")]):
        env = dict(os.environ, TZ=tz, PYTHONHASHSEED=seed, LC_ALL=lang)
        out = tmp_path / f"site{index}"
        result = run_cli("build", "--content", content, "--out", out, "--no-search", env=env)
        assert result.returncode == 0, result.stderr
        digests.append(tree_digest(out))
    assert digests[0] == digests[1]
    assert "2030/01/01/future/index.html" in digests[0]  # a future date builds like any other


def test_output_folder_that_holds_sources_is_refused(make_content: MakeContent) -> None:
    content = make_content()
    result = run_cli("build", "--content", content, "--out", content.parent, "--no-search")
    assert result.returncode == 2
    assert "would replace" in result.stderr
    assert (content / "site.yaml").exists()


def test_usage_error_exits_2() -> None:
    assert run_cli("build", "--no-such-option").returncode == 2


def test_shipped_briefing_builds(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("--out", out, "--no-search")
    assert result.returncode == 0, result.stderr
    entries = list(out.glob("20*/*/*/*/index.html"))
    assert 4 <= len(entries) <= 6
    assert len(list((out / "threads").glob("*/index.html"))) >= 2


def test_template_symlinks_out_of_templates_are_refused(
    make_content: MakeContent, tmp_path: Path
) -> None:
    import shutil

    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    (templates / "assets" / "leak.css").symlink_to(secret)
    (templates / "partials" / "leak.html").symlink_to(secret)
    out = tmp_path / "site"
    result = run_cli(
        "build", "--content", make_content(), "--templates", templates, "--out", out, "--no-search"
    )
    assert result.returncode == 1, result.stdout
    assert (
        "templates/assets/leak.css:1: symlink points outside the templates folder; refused"
        in result.stderr
    )
    assert not out.exists()
    (templates / "assets" / "leak.css").unlink()
    result = run_cli(
        "build", "--content", make_content(), "--templates", templates, "--out", out, "--no-search"
    )
    assert result.returncode == 1
    assert "templates/partials/leak.html:1: template not found" in result.stderr
    assert "SECRET" not in result.stderr
