"""The built wheel installs one import root, `tipwatch`, and works from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# What the wheel is built from: the tracked tree, without local state.
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "target"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(REPO, src, symlinks=True, ignore=IGNORE)
    out = tmp / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["--no-cache-dir", "-w", str(out), str(src)],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    (built,) = out.glob("tipwatch-*.whl")
    return built


def test_the_only_top_level_name_is_tipwatch(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert zf.read(top_level).decode().split() == ["tipwatch"]
    roots = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert roots == {"tipwatch"}
    # The design card's folders travel inside the one root, with their data files.
    for needed in (
        "tipwatch/crawlers/crawl_process.py",
        "tipwatch/nlp/extractor.py",
        "tipwatch/flows/pipeline.py",
        "tipwatch/index/sync.py",
        "tipwatch/review_ui/templates/base.html",
        "tipwatch/crawlers/sources/in/the-hindu.yaml",
        "tipwatch/demo/expected.yaml",
    ):
        assert needed in names, needed


def test_installed_wheel_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target)]
        + [str(wheel)],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    # A working directory holding look-alike packages must not change what runs.
    cwd = tmp_path / "elsewhere"
    for pkg in ("tipwatch", "crawlers", "nlp"):
        (cwd / pkg).mkdir(parents=True)
        (cwd / pkg / "__init__.py").write_text("raise SystemExit('imported from the cwd')\n")
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("TIPWATCH_SOURCES_DIR", None)

    def run(*args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-P", "-m", "tipwatch", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stdout

    assert "--only" in run("run", "--help")
    validated = run("sources", "validate")
    assert "all valid" in validated
    assert str(target / "tipwatch" / "crawlers" / "sources") in validated
