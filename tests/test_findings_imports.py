"""The findings layer's modules import one another in one direction (no cycle, not even one
hidden in a function body). No private name crosses a module boundary anywhere:
tests/test_architecture.py checks that."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ("analytics/findings", "analytics/store")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[ast.AST, str, list[str]]]:
    """(node, imported module, imported names) of every ``analytics`` import in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analytics"):
            out.append((node, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(node, a.name, []) for a in node.names if a.name.startswith("analytics")]
    return out


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = {_module(p) for d in CORE for p in (ROOT / d).glob("*.py")}
    for d in CORE:
        for path in (ROOT / d).glob("*.py"):
            edges = graph.setdefault(_module(path), set())
            for _node, mod, names in _imports(path):
                for target in [mod] + [f"{mod}.{n}" for n in names]:
                    if target in modules:
                        edges.add(target)
    return graph


def test_findings_and_store_import_without_cycles():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert state.get(nxt) != 1, " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert "analytics.findings.sections" in graph["analytics.findings.materialise"]


def test_no_import_inside_a_function_in_the_core():
    """An import in a function body hid the cycle; the core has none (pages and the CLI keep
    theirs for import cost)."""
    for d in CORE:
        for path in (ROOT / d).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    inner = [n for n in ast.walk(fn) if isinstance(n, (ast.Import, ast.ImportFrom))]
                    assert not inner, f"{path.name}:{fn.name} imports in its body"
