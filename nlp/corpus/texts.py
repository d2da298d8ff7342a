"""Rebuild a corpus record's text from a git mirror of its public repository.

A mirror folder holds one bare repository per source, as the project's fetch tool leaves them
(`<owner>+<name>/repo`) or as `git clone --mirror` does (`<owner>+<name>.git`,
`<owner>/<name>.git`, `<owner>/<name>`). Files are read with `git cat-file` at the record's
commit, so a later push to the repository changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from tipwatch.nlp.corpus.schema import Selector


class CorpusTextError(Exception):
    """A record's text cannot be rebuilt: no mirror, no such file or commit, bad selector."""


def mirror_dir(mirrors: Path, repo: str) -> Path:
    owner, _, name = repo.partition("/")
    for candidate in (
        mirrors / f"{owner}+{name}" / "repo",
        mirrors / f"{owner}+{name}.git",
        mirrors / f"{owner}+{name}",
        mirrors / owner / f"{name}.git",
        mirrors / owner / name,
    ):
        if (candidate / "HEAD").is_file() or (candidate / ".git").exists():
            return candidate
    raise CorpusTextError(f"no git mirror of {repo} under {mirrors}")


def git_dir(mirror: Path) -> Path:
    """The git directory of a mirror: the mirror itself when bare, else its `.git`."""
    return mirror / ".git" if (mirror / ".git").exists() else mirror


@lru_cache(maxsize=64)
def _blob(gitdir: Path, commit: str, path: str) -> bytes:
    proc = subprocess.run(
        [
            "git",
            "--git-dir",
            str(git_dir(gitdir)),
            "cat-file",
            "blob",
            f"{commit}:{path}",
        ],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        raise CorpusTextError(
            f"{gitdir.name}: cannot read {path} at {commit[:12]}: "
            f"{proc.stderr.decode('utf-8', 'replace').strip()}"
        )
    return proc.stdout


@lru_cache(maxsize=16)
def _jsonl_lines(gitdir: Path, commit: str, path: str) -> list[str]:
    return _blob(gitdir, commit, path).decode("utf-8").splitlines()


@lru_cache(maxsize=16)
def _json_doc(gitdir: Path, commit: str, path: str) -> Any:
    return json.loads(_blob(gitdir, commit, path).decode("utf-8"))


@lru_cache(maxsize=16)
def _csv_rows(gitdir: Path, commit: str, path: str) -> list[dict[str, str]]:
    text = _blob(gitdir, commit, path).decode("utf-8-sig")
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _pointer(doc: Any, pointer: str) -> Any:
    if pointer in ("", "/"):
        return doc
    node = doc
    for raw in pointer.lstrip("/").split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(part)
    return node


def _join(obj: Any, fields: tuple[str, ...], where: str) -> str:
    if not isinstance(obj, dict):
        raise CorpusTextError(f"{where}: fields need an object, found {type(obj).__name__}")
    missing = [f for f in fields if f not in obj]
    if missing:
        raise CorpusTextError(f"{where}: no field {missing[0]!r}")
    parts = [str(obj[f]).strip() for f in fields if obj[f] not in (None, "")]
    return "\n\n".join(p for p in parts if p)


def read_text(mirrors: Path, repo: str, commit: str, path: str, selector: Selector) -> str:
    """The record's text, exactly as annotated."""
    gitdir = mirror_dir(mirrors, repo)
    where = f"{repo}:{path}@{commit[:12]}"
    try:
        if selector.kind == "blob":
            return _blob(gitdir, commit, path).decode("utf-8")
        if selector.kind == "html":
            import trafilatura

            text = trafilatura.extract(_blob(gitdir, commit, path).decode("utf-8", "replace"))
            if not text:
                raise CorpusTextError(f"{where}: trafilatura finds no main text")
            return str(text)
        if selector.kind == "jsonl":
            assert selector.line is not None
            obj = json.loads(_jsonl_lines(gitdir, commit, path)[selector.line])
            return _join(obj, selector.fields, f"{where} line {selector.line}")
        if selector.kind == "json":
            assert selector.pointer is not None
            node = _pointer(_json_doc(gitdir, commit, path), selector.pointer)
            if isinstance(node, str) and not selector.fields:
                return node
            return _join(node, selector.fields, f"{where} {selector.pointer}")
        assert selector.row is not None
        return _join(
            _csv_rows(gitdir, commit, path)[selector.row],
            selector.fields,
            f"{where} row {selector.row}",
        )
    except (UnicodeDecodeError, json.JSONDecodeError, IndexError, KeyError, ValueError) as exc:
        raise CorpusTextError(f"{where}: {type(exc).__name__}: {exc}") from exc
