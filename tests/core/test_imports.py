"""The package's modules import each other without cycles, and nothing below the commands
imports the CLI. Read from the source with `ast`, so the test sees imports inside functions."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, write_tree
from tests.support.imports import cycles, import_graph, reaches

PACKAGE = REPO / "briefing"

# Lower stages that must not reach the modules above them, even without a cycle: the
# watcher classifies saves for the engine's runs, the indexes feed the views.
MUST_NOT_REACH = [
    ("briefing.serve.watch", "briefing.engine.pipeline"),
    ("briefing.site.indexes", "briefing.site.views"),
    ("briefing.commands.check", "briefing.cli"),
    ("briefing.commands.report", "briefing.cli"),
]


def show(chain: list[str]) -> str:
    return " -> ".join(chain)


def test_the_package_has_no_import_cycle() -> None:
    found = cycles(import_graph(PACKAGE))
    assert found == [], "import cycles:\n" + "\n".join(show(cycle) for cycle in found)


def test_only_the_entry_point_imports_the_cli() -> None:
    graph = import_graph(PACKAGE)
    importers = [f"{name} (line {imports['briefing.cli']})"
                 for name, imports in graph.items() if "briefing.cli" in imports]  # fmt: skip
    assert importers == []


@pytest.mark.parametrize(("lower", "upper"), MUST_NOT_REACH)
def test_a_lower_module_does_not_reach_an_upper_one(lower: str, upper: str) -> None:
    graph = import_graph(PACKAGE)
    assert lower in graph and upper in graph, "a module of this table was renamed"
    chain = reaches(graph, lower, upper)
    assert chain is None, show(chain or [])


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """A made-up package with each form of import, so the checks above could fail."""
    package = write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/cli.py": "from pkg.sub import a\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/a.py": "def later():\n    from . import b\n",
        "pkg/sub/b.py": "from ..sub.c import thing\n",
        "pkg/sub/c.py": "import pkg.sub.a\nfrom pkg import cli\nthing = 1\n",
        "pkg/sub/d.py": "from pkg.sub.c import thing\n",
    }) / "pkg"  # fmt: skip
    graph = import_graph(package)
    assert graph["pkg.sub.a"] == {"pkg.sub.b": 2}
    assert graph["pkg.sub.b"] == {"pkg.sub.c": 1}
    assert graph["pkg.sub.c"] == {"pkg.sub.a": 1, "pkg.cli": 2}
    assert cycles(graph) == [["pkg.cli", "pkg.sub.a", "pkg.sub.b", "pkg.sub.c", "pkg.cli"]]
    assert reaches(graph, "pkg.sub.d", "pkg.cli") == ["pkg.sub.d", "pkg.sub.c", "pkg.cli"]
    assert reaches(graph, "pkg.cli", "pkg.sub.d") is None


def test_a_package_without_cycles_has_none(tmp_path: Path) -> None:
    package = write_tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg import b\n",
        "pkg/b.py": "import os\nfrom pkg.c import x\n",
        "pkg/c.py": "x = 1\n",
    }) / "pkg"  # fmt: skip
    assert cycles(import_graph(package)) == []
