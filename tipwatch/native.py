"""Compiled forms of the name-matching modules, used only while they match their source.

Screening spends most of a request comparing name parts (`tipwatch.domain.names`,
`tipwatch.screening.names`). `make install` compiles these two modules with mypyc (C extensions
beside the sources, from the same typed Python) and records a digest of the sources it compiled
in `native.digests`. Python would import an extension module in preference to its source even
after the source is edited, so `install()` (run by `tipwatch/__init__.py`, before anything else
of the package loads) checks the digest: while it matches, the compiled modules load; when a
source has changed since, or the digest or an extension is missing, or `TIPWATCH_PURE=1` is set,
the Python source loads instead. Either way the results are the same
(tests/screening/test_native.py compares them); only the speed differs.

    python -c 'from tipwatch import native; native.ensure()'         compile (a C compiler; ~30 s)
    python -c 'from tipwatch import native; print(native.status())'  compiled, stale, absent...
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).resolve().parent
# The modules compiled, as files under the package.
COMPILED = ("domain/names.py", "screening/names.py")
# What the compiled code depends on beyond its own source: modules whose constants mypyc may
# fold into it, and the compiler's version (a newer one may build differently).
ALSO_HASHED = (
    "domain/readings.py",
    "domain/cyrillic_cjk.py",
    "domain/thai.py",
    "screening/defaults.py",
)
DIGESTS = PACKAGE / "native.digests"
PURE_ENV = "TIPWATCH_PURE"


def _module(rel: str) -> str:
    return "tipwatch." + rel.removesuffix(".py").replace("/", ".")


MODULES = {_module(rel): PACKAGE / rel for rel in COMPILED}


def _extension(source: Path) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_name(source.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def source_digest(compiler: str) -> str:
    """The sha256 of the compiled modules' sources, what they depend on, and the compiler."""
    h = hashlib.sha256(compiler.encode())
    for rel in (*COMPILED, *ALSO_HASHED):
        h.update(rel.encode() + b"\0" + (PACKAGE / rel).read_bytes() + b"\0")
    return h.hexdigest()


def status() -> str:
    """`compiled` when the extensions are current and in use, else why not: `disabled`
    (TIPWATCH_PURE), `absent` (never built here) or `stale` (a source changed since)."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return "disabled"
    return _build_state()


def _build_state() -> str:
    """`compiled`, `absent` or `stale`, whatever TIPWATCH_PURE says."""
    if not DIGESTS.exists() or any(_extension(src) is None for src in MODULES.values()):
        return "absent"
    recorded = DIGESTS.read_text().split()
    if len(recorded) != 2 or recorded[1] != source_digest(recorded[0]):
        return "stale"
    return "compiled"


class _SourceWhenStale(importlib.abc.MetaPathFinder):
    """Loads a compiled module's Python source unless its extension is current."""

    def __init__(self) -> None:
        self._state: str | None = None

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = MODULES.get(fullname)
        if source is None:
            return None
        if self._state is None:
            self._state = status()
        if self._state == "compiled":
            return None  # the normal finders pick the extension
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


def install() -> None:
    """Put the check ahead of the normal finders (once)."""
    if not any(isinstance(f, _SourceWhenStale) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceWhenStale())


def loaded() -> dict[str, str]:
    """How each compiled module was loaded in this process: `compiled` or `source`."""
    out = {}
    for name in MODULES:
        module = sys.modules.get(name)
        if module is not None:
            out[name] = "source" if str(module.__file__).endswith(".py") else "compiled"
    return out


def ensure() -> None:
    """Compile the modules unless their current build is here (`make install` runs this, so
    the list of what is compiled and hashed lives in this module alone)."""
    if _build_state() != "compiled":
        print("compiling the name-matching modules with mypyc (about 30 s)", file=sys.stderr)
        build()


def build() -> Path:
    """Compile the modules with mypyc, move them into the package and record the digest.
    Raises on failure (the sources then stay in use)."""
    import mypy.version
    from mypyc.build import mypycify
    from setuptools import setup

    root = PACKAGE.parent
    work = root / "build" / "native"
    DIGESTS.unlink(missing_ok=True)
    compiler = "mypy-" + mypy.version.__version__
    digest = source_digest(compiler)
    cwd = Path.cwd()
    os.chdir(root)
    try:
        extensions = mypycify(
            [f"{PACKAGE.name}/{rel}" for rel in COMPILED],
            separate=True,
            opt_level="3",
            target_dir=str(work / "c"),
        )
        setup(
            name="tipwatch-native",
            ext_modules=extensions,
            script_args=[
                "--quiet",
                "build_ext",
                "--build-temp",
                str(work / "temp"),
                "--build-lib",
                str(work / "lib"),
            ],
        )
    finally:
        os.chdir(cwd)
    # Moved into the package by rename: a process that has the old extension loaded keeps its
    # copy (writing over a loaded shared object in place can crash it).
    built = work / "lib" / PACKAGE.name
    for ext in built.rglob("*.so"):
        target = PACKAGE / ext.relative_to(built)
        staged = target.with_name(target.name + ".new")
        shutil.copyfile(ext, staged)
        os.replace(staged, target)
    if source_digest(compiler) != digest:
        raise RuntimeError("a source changed while it was compiled; build again")
    DIGESTS.write_text(f"{compiler} {digest}\n")
    return DIGESTS
