"""The import graph: no cycle among the NFS service's modules (not even under TYPE_CHECKING),
the version-neutral core never reaches up into a protocol version, and rpc/storage never
import the layers above them.

Reads the sources with `ast`, so an import guarded by TYPE_CHECKING or made inside a function
counts as much as a top-level one: a cycle there is still a cycle for a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("nfsrdma", "rpc", "transport", "storage")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")]
    modules = {_module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for t in targets:
                # the deepest project module the import names (a package or a module in it)
                while t and t not in modules:
                    t = t.rpartition(".")[0]
                if t and t != name:
                    deps.add(t)
        graph[name] = deps
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            # importing a package's own parent package is the __init__ re-export idiom
            if n.startswith(d + "."):
                continue
            if state.get(d) == 1:
                return [*stack[stack.index(d):], d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def test_no_import_cycle_in_nfsrdma() -> None:
    graph = _graph()
    sub = {n: {d for d in ds if d.startswith("nfsrdma")}
           for n, ds in graph.items() if n.startswith("nfsrdma")}
    assert _cycle(sub) is None


def test_lower_layers_never_import_higher_ones() -> None:
    above = {"rpc": ("nfsrdma", "transport"), "storage": ("nfsrdma", "transport", "rpc")}
    for name, deps in _graph().items():
        banned = above.get(name.partition(".")[0])
        if banned:
            assert not {d for d in deps if d.startswith(banned)}, name


def test_core_imports_no_protocol_version() -> None:
    """nfsrdma.core is version-neutral: it never imports nfs3 (nor service, which uses it)."""
    graph = _graph()
    for name, deps in graph.items():
        if name.startswith("nfsrdma.core"):
            bad = {d for d in deps if d.startswith(("nfsrdma.nfs3", "nfsrdma.service",
                                                    "nfsrdma.mount3", "nfsrdma.server"))}
            assert not bad, (name, bad)
