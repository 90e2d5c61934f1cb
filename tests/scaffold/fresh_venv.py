"""A copy of the project and a fresh virtual environment in a temporary folder, as a new
user would have them: no editable install of this checkout, no PYTHONPATH."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.conftest import REPO

# What a clone of the repository would not have: builds, caches, installed tools.
TOP_LEFT_OUT = {".git", "site", ".cache", "node_modules", "build", ".venv", "benchmarks"}
ANYWHERE_LEFT_OUT = shutil.ignore_patterns(
    "*.egg-info", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".site.*"
)


def _left_out(folder: str, names: list[str]) -> set[str]:
    top = TOP_LEFT_OUT if Path(folder) == REPO else set()
    return (top & set(names)) | set(ANYWHERE_LEFT_OUT(folder, names))


def copy_project(destination: Path) -> Path:
    """The project's files as a clone has them (never the checkout itself: an install
    writes build folders into the tree it installs)."""
    return Path(shutil.copytree(REPO, destination, ignore=_left_out, symlinks=True))


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without anything that points Python at this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONUNBUFFERED": "1", **(extra or {})})
    return env


def run(command: Sequence[str | Path], cwd: Path, env: Mapping[str, str] | None = None,
        timeout: float = 600) -> subprocess.CompletedProcess[str]:  # fmt: skip
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=dict(env or clean_env()),
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


def make_venv(folder: Path) -> Path:
    """A virtual environment that borrows the machine's installed dependencies, so that
    only the project itself is installed into it; returns its bin/ folder."""
    run([sys.executable, "-m", "venv", "--system-site-packages", folder], cwd=folder.parent)
    return folder / "bin"


def imported_from(python: Path, cwd: Path) -> Path:
    """Where that interpreter imports the briefing package from."""
    code = "import briefing, pathlib; print(pathlib.Path(briefing.__file__).parent)"
    return Path(run([python, "-c", code], cwd=cwd).stdout.strip())


def serve_and_fetch(command: Sequence[str | Path], cwd: Path, paths: Sequence[str]) -> list[str]:
    """Start `serve` on a free port, fetch each path under the URL it prints, stop it."""
    process = subprocess.Popen(
        [str(part) for part in command], cwd=cwd, env=clean_env(), text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            match = re.search(r"serving (http://\S+)", line)
            if match:
                url = match.group(1)
                break
        assert url.startswith("http://127.0.0.1:"), process.stderr.read() if process.stderr else ""
        pages = []
        for path in paths:
            with urllib.request.urlopen(url + path, timeout=30) as answer:
                pages.append(answer.read().decode("utf-8"))
        return pages
    finally:
        process.terminate()
        process.wait(timeout=30)
