"""House rules of the package layout, checked on the source (no import is executed).

* no module in ``newscrawl/`` is longer than ``MAX_LINES``;
* the package's own imports form no circle (module-level and deferred imports alike);
* SQLAlchemy (and Alembic) are imported only in ``newscrawl/db/`` (and ``migrations/``);
* Scrapy, Twisted and scrapy-redis only where crawling happens.

A failure names the file and the import, so the fix is to move code, not to widen a list.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newscrawl"
MAX_LINES = 800
OVERSIZE_EXEMPT: set[str] = set()

DATABASE_LIBRARIES = ("sqlalchemy", "alembic")
DATABASE_PLACES = (
    "newscrawl/db/",
)
CRAWL_LIBRARIES = ("scrapy", "twisted", "scrapy_redis")
CRAWL_PLACES = (
    "newscrawl/spiders/",
    "newscrawl/pipelines/",
    "newscrawl/commands/",
    "newscrawl/distributed/",
    "newscrawl/settings.py",
    "newscrawl/items.py",  # the Scrapy item the spiders yield
)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def _imports(path: Path) -> tuple[tuple[str, int], ...]:
    """Every imported module name (absolute, as written or resolved) with its line number."""
    found: list[tuple[str, int]] = []
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, node.lineno))
            # ``from newscrawl.db import clusters`` imports the submodule newscrawl.db.clusters
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return tuple(found)


def _internal_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _ in _imports(path):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _uses(path: Path, libraries: tuple[str, ...]) -> list[str]:
    return [
        f"{_relative(path)}:{line} imports {name}"
        for name, line in _imports(path)
        if name.split(".")[0] in libraries
    ]


def test_the_checker_sees_imports_and_circles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []
    assert "newscrawl.db.engine" in _internal_graph()["newscrawl.pipelines.storage"]
    assert _uses(PACKAGE / "db" / "engine.py", DATABASE_LIBRARIES)


def test_no_module_is_too_long_to_hold_in_mind() -> None:
    long = {
        _relative(path): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= OVERSIZE_EXEMPT, f"modules over {MAX_LINES} lines: {long}"


def test_no_import_circle_in_the_package() -> None:
    assert _circles(_internal_graph()) == []


def test_sqlalchemy_only_in_the_database_package() -> None:
    outside = [
        use
        for path in PACKAGE.rglob("*.py")
        if not _relative(path).startswith(DATABASE_PLACES)
        for use in _uses(path, DATABASE_LIBRARIES)
    ]
    assert outside == []


def test_scrapy_and_twisted_only_where_crawling_happens() -> None:
    outside = [
        use
        for path in PACKAGE.rglob("*.py")
        if not _relative(path).startswith(CRAWL_PLACES)
        for use in _uses(path, CRAWL_LIBRARIES)
    ]
    assert outside == []


def test_test_helpers_are_not_in_the_package() -> None:
    assert not (PACKAGE / "testing").exists()
    assert [p for p in PACKAGE.rglob("*.py") if "sys.path" in p.read_text(encoding="utf-8")] == []


def test_documents_the_code_names_exist() -> None:
    named = re.compile(r"docs/[\w.-]+\.md")
    places = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *PACKAGE.rglob("*.py"),
              *(ROOT / "tests").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]  # fmt: skip
    missing = sorted(
        f"{_relative(path)} names {doc}"
        for path in places
        for doc in set(named.findall(path.read_text(encoding="utf-8")))
        if not (ROOT / doc).is_file()
    )
    assert missing == []
