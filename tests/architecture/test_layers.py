"""Layers that only point down, and no import cycles (the import contract of issue 11).

bottom: records, settings, domain rules, logs, native (which compiled modules load)
store:  the store of record and its migrations
stages: crawlers, nlp, index, metrics, screening, exports, accounts, ... (each may use the store)
top:    flows, CLI, review UI, API, demo (they wire the stages; nothing imports them)

A module may import its own package, anything in a lower layer, and a sibling package of its own
layer as long as no cycle forms between packages. Imports inside functions count.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from tests.architecture.imports import ROOT, Edge, import_graph

PACKAGE_DIR = Path(__file__).resolve().parents[2] / ROOT

LAYERS: list[set[str]] = [
    {"records", "settings", "domain", "logs", "stopping", "progress", "native"},
    {"store", "migrations"},
    {
        "crawlers",
        "nlp",
        "index",
        "metrics",
        "screening",
        "exports",
        "accounts",
        "coverage",
        "tables",
    },
    {"flows", "cli", "review_ui", "api", "demo", "__main__"},
]
TOP = LAYERS[-1]


def component(module: str) -> str:
    """The second-level name: tipwatch.store.persons -> store."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_of(module: str) -> int:
    comp = component(module)
    for i, names in enumerate(LAYERS):
        if comp in names:
            return i
    raise AssertionError(f"{module}: component {comp!r} is in no layer; add it to LAYERS")


@pytest.fixture(scope="module")
def graph() -> tuple[dict[str, Path], list[Edge]]:
    return import_graph(PACKAGE_DIR)


def _fmt(edges: list[Edge]) -> str:
    return "\n".join(f"  {e.importer}:{e.line} imports {e.imported}" for e in edges)


def test_every_module_is_in_a_layer(graph: tuple[dict[str, Path], list[Edge]]) -> None:
    files, _ = graph
    assert len(files) > 100  # the symlinked stage folders were walked
    for module in files:
        if module != ROOT:
            layer_of(module)


def test_imports_only_point_down(graph: tuple[dict[str, Path], list[Edge]]) -> None:
    _, edges = graph
    upward = [
        e
        for e in edges
        if e.imported != ROOT
        and e.importer != ROOT
        and component(e.importer) != component(e.imported)
        and layer_of(e.imported) > layer_of(e.importer)
    ]
    assert not upward, "imports that point up a layer:\n" + _fmt(upward)


def test_the_package_root_imports_only_the_bottom_layer(
    graph: tuple[dict[str, Path], list[Edge]],
) -> None:
    """`tipwatch/__init__.py` runs before every module of the package: it may set up what
    the bottom layer offers (which compiled modules load), nothing that pulls in a stage."""
    _, edges = graph
    from_root = [e for e in edges if e.importer == ROOT]
    assert from_root, "the root installs the compiled-module check (tipwatch/native.py)"
    assert all(layer_of(e.imported) == 0 for e in from_root), _fmt(from_root)


def test_no_package_import_cycle(
    graph: tuple[dict[str, Path], list[Edge]],
) -> None:
    _, edges = graph
    _assert_acyclic(
        {(component(e.importer), component(e.imported)): e for e in edges if e.imported != ROOT},
        "package",
    )


def test_no_module_import_cycle(graph: tuple[dict[str, Path], list[Edge]]) -> None:
    _, edges = graph
    _assert_acyclic({(e.importer, e.imported): e for e in edges}, "module")


def _assert_acyclic(pairs: dict[tuple[str, str], Edge], what: str) -> None:
    succ: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if a != b:
            succ[a].add(b)
    cycle = find_cycle(succ)
    assert cycle is None, (
        f"{what} import cycle: "
        + " -> ".join(cycle or [])
        + "\n"
        + _fmt([pairs[(a, b)] for a, b in zip(cycle or [], (cycle or [])[1:], strict=False)])
    )


def find_cycle(succ: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a closed path, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in sorted(succ):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(succ[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(succ.get(nxt, ()))))
    return None


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None
