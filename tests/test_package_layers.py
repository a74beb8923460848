"""The feature packages stand on floors: each imports only packages below it, never one that imports it.

Read from the source (every import statement, also those inside functions, which are still a
dependency), not from what happens to be loaded; imports under `if TYPE_CHECKING:` are annotations only
and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import socialmap

ROOT = Path(socialmap.__file__).parent
FEATURES = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported_modules(tree: ast.AST) -> list[str]:
    found: list[str] = []

    def walk(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    walk(other)
                continue
            if isinstance(child, ast.Import):
                found.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append(child.module)
                found.extend(f"{child.module}.{alias.name}" for alias in child.names)
            walk(child)

    walk(tree)
    return found


def _imports_by_package() -> dict[str, set[tuple[str, str]]]:
    """package -> {(imported package, "path: module")}"""
    edges: dict[str, set[tuple[str, str]]] = {name: set() for name in FEATURES}
    for package in FEATURES:
        for path in (ROOT / package).rglob("*.py"):
            for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
                parts = module.split(".")
                if len(parts) > 1 and parts[0] == "socialmap" and parts[1] in FEATURES and parts[1] != package:
                    edges[package].add((parts[1], f"{path.relative_to(ROOT.parent)}: {module}"))
    return edges


def _cycle(edges: dict[str, set[tuple[str, str]]]) -> list[str] | None:
    graph = {p: sorted({target for target, _where in targets}) for p, targets in edges.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in graph[node]:
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for package in graph:
        if package not in state and (found := visit(package)):
            return found
    return None


def test_feature_packages_import_each_other_without_cycles():
    edges = _imports_by_package()
    cycle = _cycle(edges)
    if cycle:
        where = [w for a, b in zip(cycle, cycle[1:], strict=False) for t, w in sorted(edges[a]) if t == b]
        raise AssertionError(" -> ".join(cycle) + "\n" + "\n".join(where))


def test_no_package_imports_the_views_of_another():
    """Views are the top of a package: what two packages share lives in its queries or services."""
    offending = sorted(where for targets in _imports_by_package().values() for _t, where in targets
                       if where.split(": ")[1].split(".")[2:3] == ["views"])  # fmt: skip
    assert offending == []
