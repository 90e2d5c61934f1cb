"""The Nu Html Checker (vnu.jar, the W3C validator's engine) accepts every page type."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.support.site_pages import OPTIONAL_TYPES, PAGE_TYPES
from tests.support.sites import BuiltSite
from tests.support.tools import require_java, require_vnu_jar

pytestmark = pytest.mark.validators


def _file_of(message: dict[str, Any]) -> Path | None:
    url = message.get("url")
    return Path(unquote(urlsplit(url).path)).resolve() if url else None


@pytest.fixture(scope="session")
def vnu_errors(built_site: BuiltSite) -> dict[Path, list[dict[str, Any]]]:
    """vnu's errors for one page of each type of a site, by file (one JVM per site)."""
    java = require_java()
    jar = require_vnu_jar()
    files = sorted(path.resolve() for path in built_site.pages().values())
    result = subprocess.run(
        [str(java), "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON (exit {result.returncode}):\n{result.stderr}")
    errors: dict[Path, list[dict[str, Any]]] = {path: [] for path in files}
    for message in report.get("messages", []):
        if message.get("type") in {"error", "non-document-error"}:
            errors.setdefault(_file_of(message) or Path("?"), []).append(message)
    return errors


def _describe(message: dict[str, Any]) -> str:
    where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
    extract = " ".join(str(message.get("extract", "")).split())
    return f"  line {where}: {message.get('message')}\n    {extract}"


@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_type_has_no_html_errors(
    built_site: BuiltSite, vnu_errors: dict[Path, list[dict[str, Any]]], page_type: str
) -> None:
    page = built_site.pages().get(page_type)
    if page is None:
        # The generated corpus has every page type; only the shipped briefing may lack one.
        if page_type in OPTIONAL_TYPES and built_site.name == "shipped":
            pytest.skip(f"the {built_site.name} site has no {page_type} page")
        pytest.fail(f"the {built_site.name} site has no {page_type} page to validate")
    problems = vnu_errors.get(page.resolve(), [])
    stray = vnu_errors.get(Path("?"), [])
    relative = page.relative_to(built_site.root)
    assert not problems and not stray, (
        f"vnu found {len(problems) + len(stray)} error(s) in {built_site.name}:{relative}:\n"
        + "\n".join(_describe(message) for message in problems + stray)
    )
