"""The import graph of the `tipwatch` package, read from the source with `ast`.

Every `import` statement counts, including those inside functions and under `TYPE_CHECKING`:
an import that dodges a cycle at run time still ties the two modules together.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = "tipwatch"


@dataclass(frozen=True)
class Edge:
    importer: str
    imported: str
    line: int


def module_files(package_dir: Path, package: str = ROOT) -> dict[str, Path]:
    """Module name -> file; follows the symlinked stage folders (tipwatch/nlp -> ../nlp)."""
    found: dict[str, Path] = {}
    # os.walk, not Path.rglob: rglob does not follow symlinked folders before Python 3.13.
    paths = [
        Path(folder) / name
        for folder, _dirs, names in os.walk(package_dir, followlinks=True)
        for name in names
        if name.endswith(".py")
    ]
    for path in sorted(paths):
        rel = path.relative_to(package_dir).with_suffix("")
        parts = [package, *rel.parts]
        if "versions" in parts and "migrations" in parts:
            continue  # alembic revision scripts are loaded by alembic, not imported
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _known_prefix(name: str, known: set[str]) -> str:
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str, path: Path, known: set[str]) -> Iterator[Edge]:
    """Edges from `module` to the tipwatch modules it imports. `from a.b import c` points at
    `a.b` (Python runs the package's `__init__` first, so a package `__init__` that imports the
    module saying it is a cycle) and at the module `a.b.c` when there is one."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, is_package, node)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            if target == ROOT or not target.startswith(ROOT + "."):
                continue  # the root package's __init__ is empty: an edge to it says nothing
            name = _known_prefix(target, known)
            if name and name != module:
                yield Edge(module, name, node.lineno)


def import_graph(package_dir: Path) -> tuple[dict[str, Path], list[Edge]]:
    files = module_files(package_dir)
    known = set(files)
    edges = [e for mod, path in files.items() for e in imports_of(mod, path, known)]
    return files, edges
