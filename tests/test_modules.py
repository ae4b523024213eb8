"""lokalspil's modules import each other without a cycle.

The graph is read from the source with `ast`. Imports at module level must never go round in a circle. Imports
inside functions (there for start-up speed) may not either, but for the two pairs still listed in KNOWN: each
function-level cycle hides a module that should be split or a function that lives in the wrong place.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import lokalspil

PACKAGE = Path(lokalspil.__file__).parent
# Cycles through imports inside functions that are still to be undone (each one a set of modules).
KNOWN = [
    {"lokalspil.errors", "lokalspil.privacy"},  # an error's message masks CPR numbers with privacy.mask_cpr
    {"lokalspil.contacts", "lokalspil.forgetting"},
]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(node: ast.AST, inside_functions: bool) -> Iterator[ast.AST]:
    """The imports that run: at module level (also in classes and `try`), and in functions if asked. Imports
    under `if TYPE_CHECKING:` never run."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield from _statements(ast.Module(body=[other], type_ignores=[]), inside_functions)
        elif inside_functions or not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _statements(child, inside_functions)


def import_graph(inside_functions: bool) -> dict[str, set[str]]:
    """{module: the lokalspil modules it imports}. `from lokalspil.x import y` counts as importing lokalspil.x.y
    when y is a module, else lokalspil.x."""
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _statements(tree, inside_functions):
            if isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in known)
            elif node.module in known and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    graph[name].add(target if target in known else node.module)
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that reach each other (strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [{"a", "b", "c"}]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_package_layout() -> None:
    graph = import_graph(inside_functions=False)
    assert "lokalspil.imports.companies" in graph["lokalspil.imports"]
    assert "lokalspil.database" in graph["lokalspil.companies"]


def test_no_import_cycle_at_module_level() -> None:
    assert cycles(import_graph(inside_functions=False)) == []


def test_no_import_cycle_through_functions_but_the_known_ones() -> None:
    assert [c for c in cycles(import_graph(inside_functions=True)) if c not in KNOWN] == []
