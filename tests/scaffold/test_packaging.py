"""The package lists every subpackage and ships every file of the default theme."""

from __future__ import annotations

import fnmatch
import tomllib

from tests.conftest import REPO

SETUPTOOLS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]


def test_every_subpackage_is_listed() -> None:
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "briefing").rglob("__init__.py")
    }
    assert found | {"briefing.theme"} == set(SETUPTOOLS["packages"])


def test_the_theme_is_mapped_from_templates_and_every_file_is_package_data() -> None:
    assert SETUPTOOLS["package-dir"] == {"briefing.theme": "templates"}
    patterns = SETUPTOOLS["package-data"]["briefing.theme"]
    files = [
        p.relative_to(REPO / "templates").as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert missing == []
