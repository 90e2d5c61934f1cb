"""The import graph of a package, read with `ast` (nothing is imported), and its cycles."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

Graph = Mapping[str, Mapping[str, int]]  # module -> module it imports -> line of the import


def module_files(package: Path) -> dict[str, Path]:
    """Every module under a package folder by dotted name (`briefing.site.views`)."""
    modules = {}
    for file in sorted(package.rglob("*.py")):
        parts = file.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = file
    return modules


def import_graph(package: Path) -> dict[str, dict[str, int]]:
    """Each module's imports of the package's own modules, wherever in the file they are
    (imports inside functions count: a lazy import still ties the two modules together)."""
    modules = module_files(package)
    return {name: _imports(name, file, modules) for name, file in modules.items()}


def _imports(name: str, file: Path, modules: Mapping[str, Path]) -> dict[str, int]:
    here = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module or "", node.level, here)
            for alias in node.names:
                # `from briefing.site import views` imports a module; `from x import name`, x.
                submodule = f"{base}.{alias.name}"
                found.setdefault(submodule if submodule in modules else base, node.lineno)
    return {target: line for target, line in found.items() if target in modules and target != name}


def _absolute(module: str, level: int, here: str) -> str:
    if not level:
        return module
    parts = here.split(".")
    base = parts[: len(parts) - level + 1]
    return ".".join([*base, module] if module else base)


def cycles(graph: Graph) -> list[list[str]]:
    """Each group of modules that import one another, directly or through others, as one
    cycle through the group (`a -> b -> a`), sorted; an empty list when there is none."""
    found = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            found.append(_cycle_through(sorted(group), graph))
    return sorted(found)


def _strongly_connected(graph: Graph) -> list[set[str]]:
    """Tarjan's algorithm, iterative (a deep package must not hit the recursion limit)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in graph:
        if root in order:
            continue
        work = [(root, iter(graph[root]))]
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == order[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
            elif target not in order:
                order[target] = low[target] = len(order)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(graph[target])))
            elif target in on_stack:
                low[node] = min(low[node], order[target])
    return groups


def _cycle_through(group: list[str], graph: Graph) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(graph[node]):
                if target == start:
                    return [*paths[node], start]
                if target in group and target not in paths:
                    paths[target] = [*paths[node], target]
                    following.append(target)
        frontier = following
    return group  # unreachable for a strongly connected group


def reaches(graph: Graph, source: str, target: str) -> list[str] | None:
    """The import chain from source to target, or None when source never imports it."""
    paths = {source: [source]}
    frontier = [source]
    while frontier:
        following = []
        for node in frontier:
            for imported in sorted(graph[node]):
                if imported not in paths:
                    paths[imported] = [*paths[node], imported]
                    if imported == target:
                        return paths[imported]
                    following.append(imported)
        frontier = following
    return None
