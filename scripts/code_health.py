"""Code-health figures for the note: import cycles, function-local imports, longest functions."""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "desktop_crm"


@dataclass
class Module:
    """One parsed module of the package and the project modules it imports."""

    name: str
    path: Path
    tree: ast.Module
    top_imports: set[str] = field(default_factory=set)
    local_imports: list[tuple[int, str]] = field(default_factory=list)


def module_name(root: Path, path: Path) -> str:
    """`desktop_crm/store/__init__.py` → `desktop_crm.store`."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load(root: Path) -> dict[str, Module]:
    """Parse every module under the package directory."""
    modules: dict[str, Module] = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        name = module_name(root, path)
        modules[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    return modules


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    # A package's own name counts as its first level; a module's does not.
    if module.path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def targets(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> Iterator[str]:
    """The project modules one import statement loads."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in known:
                yield alias.name
        return
    base = _absolute(module, node)
    if not base.startswith(PACKAGE):
        return
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        if sub in known:
            yield sub
        elif base in known:
            yield base


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def collect_imports(modules: dict[str, Module]) -> None:
    """Fill each module's top-level imports and its function-local imports."""
    known = set(modules)

    def walk(module: Module, body: list[ast.stmt], in_function: bool) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found = sorted(set(targets(module, node, known)))
                if not in_function:
                    module.top_imports.update(found)
                    continue
                # One entry per statement; a statement outside the project keeps its own name.
                for target in found:
                    module.local_imports.append((node.lineno, target))
                if not found:
                    label = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                    module.local_imports.append((node.lineno, label or "."))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue  # imports for the type checker never run
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(module, node.body, True)
            else:
                for child_body in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, child_body, None)
                    if isinstance(children, list):
                        stmts = [c for c in children if isinstance(c, ast.stmt)]
                        stmts += [
                            s for h in children if isinstance(h, ast.ExceptHandler) for s in h.body
                        ]
                        walk(module, stmts, in_function)

    for module in modules.values():
        walk(module, module.tree.body, False)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _is_package_of(a: str, b: str) -> bool:
    return b.startswith(a + ".")


def graph_of(modules: dict[str, Module], with_local: bool) -> dict[str, set[str]]:
    """Import edges; a package's `__init__` re-exporting its own submodules is not a cycle."""
    graph: dict[str, set[str]] = {}
    for name, module in modules.items():
        edges = set(module.top_imports)
        if with_local:
            edges |= {t for _, t in module.local_imports if t in modules}
        graph[name] = {t for t in edges if t != name and not _is_package_of(t, name)}
    return graph


def longest_functions(modules: dict[str, Module], count: int) -> list[tuple[int, str]]:
    """The longest functions and methods, by lines from `def` to their last line."""
    sizes: list[tuple[int, str]] = []
    for module in modules.values():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                sizes.append((length, f"{module.name}:{node.lineno} {node.name}"))
    return sorted(sizes, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    """Print the figures; `--verbose` lists every cycle and function-local import."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    modules = load(args.root)
    collect_imports(modules)
    top_cycles = cycles(graph_of(modules, with_local=False))
    all_cycles = cycles(graph_of(modules, with_local=True))
    local = [(m.name, line, t) for m in modules.values() for line, t in m.local_imports]
    statements = {(name, line) for name, line, _ in local}
    print(f"modules: {len(modules)}")
    print(f"import cycles (module level): {len(top_cycles)}")
    print(f"import cycles (incl. function-local imports): {len(all_cycles)}")
    for component in all_cycles:
        print("  cycle: " + " <-> ".join(component))
    print(f"function-local import statements: {len(statements)}")
    if args.verbose:
        for name, line, target in local:
            print(f"  {name}:{line} imports {target}")
    print("longest functions:")
    for length, where in longest_functions(modules, 10):
        print(f"  {length:4d}  {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
