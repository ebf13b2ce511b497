"""The package layout: no module of briefing imports, directly or through others, a module that
imports it back, whether the import is at the top of a module or inside a function (a deferred
import is still a dependency: it only hides the cycle until the function runs).

Read statically from the source (no import runs): a module depends on each briefing module it
names in an import, and on the packages that hold that module (importing `a.b.c` runs `a/b/__init__`
first), except the top package `briefing`: its `__init__` is the public API over everything, so
a module that imports a name from it (not a module) is in a cycle. Imports under `if TYPE_CHECKING:` are annotations only and do not count."""
from __future__ import annotations

import ast
from pathlib import Path

import briefing

ROOT = Path(briefing.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import statement, wherever it is, except under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    else:
        yield from _imports(node)


def dependencies() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in modules)
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source not in modules:
                continue
            subs = {f"{source}.{a.name}" for a in node.names} & modules.keys()
            targets.update(subs)
            if len(subs) < len(node.names):  # names defined in `source` itself
                targets.add(source)
        deps = set()
        for target in targets:
            deps.add(target)
            parts = target.split(".")
            deps.update(".".join(parts[:i]) for i in range(2, len(parts)) if not name.startswith(".".join(parts[:i]) + "."))
        deps.discard(name)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles():
    assert cycles(dependencies()) == []


def test_the_scan_finds_a_cycle_through_a_deferred_import():
    graph = dependencies()
    assert "briefing.memo.analysis" in graph["briefing.memo.evidence"]  # it does read imports
    graph["briefing.memo.budget"] = graph["briefing.memo.budget"] | {"briefing.memo.evidence"}
    assert ["briefing.memo.analysis", "briefing.memo.budget", "briefing.memo.evidence"] in cycles(graph)


def test_each_stage_is_a_package():
    for stage in ("ingest", "store", "cluster", "memo", "writers", "verify", "render", "job", "kernels"):
        assert (ROOT / stage / "__init__.py").is_file(), stage
