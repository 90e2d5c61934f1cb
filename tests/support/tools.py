"""Find the external tools the publish tests use, and skip or fail when one is missing.

Locally a missing tool skips its tests with the reason; where `BRIEFING_REQUIRE_TOOLS=1`
(set by .ci/run and the CI workflow) the same miss fails, so CI never passes by skipping.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
REQUIRE_TOOLS_VARIABLE = "BRIEFING_REQUIRE_TOOLS"
CHROMIUM = Path("/usr/bin/chromium")
CI_HINT = "or `bash .ci/run`"


def tools_required() -> bool:
    """True where a missing tool must fail the run instead of skipping."""
    return os.environ.get(REQUIRE_TOOLS_VARIABLE, "") == "1"


def require_or_skip(condition: object, reason: str) -> None:
    """Skip the test with `reason` unless `condition` holds; fail instead in CI."""
    if condition:
        return
    if tools_required():
        pytest.fail(f"{reason} ({REQUIRE_TOOLS_VARIABLE}=1 turns this skip into a failure)")
    pytest.skip(reason)


def chromium_path() -> Path | None:
    """Debian's Chromium (or the one named by BRIEFING_CHROMIUM), if installed."""
    override = os.environ.get("BRIEFING_CHROMIUM")
    path = Path(override) if override else CHROMIUM
    return path if path.is_file() and os.access(path, os.X_OK) else None


def java_path() -> Path | None:
    """The `java` on PATH, if any."""
    found = shutil.which("java")
    return Path(found) if found else None


def vnu_jar_path() -> Path | None:
    """The Nu Html Checker jar from the npm package `vnu-jar`, if installed."""
    path = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return path if path.is_file() else None


def axe_script_path() -> Path | None:
    """axe-core's browser bundle from the npm package `axe-core`, if installed."""
    path = NODE_MODULES / "axe-core" / "axe.min.js"
    return path if path.is_file() else None


def node_path() -> Path | None:
    """The `node` on PATH, if any."""
    found = shutil.which("node")
    return Path(found) if found else None


def lighthouse_cli_path() -> Path | None:
    """Lighthouse's command-line entry point from the npm package `lighthouse`, if installed."""
    path = NODE_MODULES / "lighthouse" / "cli" / "index.js"
    return path if path.is_file() else None


def module_available(name: str) -> bool:
    """True if a Python module can be imported."""
    return importlib.util.find_spec(name) is not None


def require_chromium() -> Path:
    """The Chromium binary, or skip/fail."""
    path = chromium_path()
    where = os.environ.get("BRIEFING_CHROMIUM") or CHROMIUM
    require_or_skip(path, f"Chromium not found at {where}: apt-get install chromium ({CI_HINT})")
    assert path is not None
    return path


def require_playwright() -> None:
    """Skip/fail unless Playwright's Python package is importable."""
    require_or_skip(
        module_available("playwright"),
        "Python package 'playwright' is missing; pip install -e '.[test]'",
    )


def require_java() -> Path:
    """The `java` binary, or skip/fail."""
    path = java_path()
    require_or_skip(path, f"no java on PATH: apt-get install default-jre-headless ({CI_HINT})")
    assert path is not None
    return path


def require_vnu_jar() -> Path:
    """The path of vnu.jar, or skip/fail."""
    path = vnu_jar_path()
    require_or_skip(path, f"node_modules/vnu-jar is missing: npm ci --ignore-scripts ({CI_HINT})")
    assert path is not None
    return path


def require_axe() -> Path:
    """The path of axe.min.js, or skip/fail."""
    path = axe_script_path()
    require_or_skip(path, f"node_modules/axe-core is missing: npm ci --ignore-scripts ({CI_HINT})")
    assert path is not None
    return path


def require_feedparser() -> None:
    """Skip/fail unless the `feedparser` package is importable."""
    require_or_skip(
        module_available("feedparser"),
        "Python package 'feedparser' is missing; pip install -e '.[test]'",
    )


def require_lighthouse() -> tuple[Path, Path]:
    """The `node` binary and Lighthouse's cli/index.js, or skip/fail."""
    node = node_path()
    require_or_skip(node, f"no node on PATH: apt-get install nodejs ({CI_HINT})")
    cli = lighthouse_cli_path()
    require_or_skip(cli, f"node_modules/lighthouse is missing: npm ci --ignore-scripts ({CI_HINT})")
    assert node is not None and cli is not None
    return node, cli
