"""The extraction packages stay readable: no import circles, no module too long to hold in mind.

Imports are read from the source (``ast``), function-level ones included, so a late import
that only hides a circle from Python's loader still counts as an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newscrawl"
# The packages this check covers: parsing (sites/) and the pure normalizers.
CHECKED = ("sites", "normalize")
MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in CHECKED:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _imports(path: Path, known: set[str]) -> set[str]:
    """The checked modules that ``path`` imports (``from pkg import mod`` names ``pkg.mod``)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        for name in names:
            if name in known:
                out.add(name)
    return out


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(path, known) - {name} for name, path in modules.items()}
    # A submodule is loaded after its package's __init__: importing it runs that too.
    for name in list(graph):
        for target in list(graph[name]):
            parent = target.rpartition(".")[0]
            if parent in known and parent != name and not name.startswith(parent + "."):
                graph[name].add(parent)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle_in_parsing_and_normalizers() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_site_records_do_not_import_the_parsers_at_load_time() -> None:
    graph = _graph()
    # base only reaches the parsers through make_parser; the leaf modules import no other
    # newscrawl.sites module at all.
    assert graph["newscrawl.sites.raw"] == set()
    assert graph["newscrawl.sites.markup"] == set()
    assert "newscrawl.sites.base" not in graph["newscrawl.sites.generic.page"]


@pytest.mark.parametrize("name", sorted(_modules()))
def test_module_fits_in_mind(name: str) -> None:
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES})"
