"""Writing a new outlet into the registry: `<folder>/<country code, lower case>/<id>.yaml`.

Used by `tipwatch sources adopt`: the file is the same schema as every other source file, read
back with `load_source` before the call returns, so what was written is what the registry loads.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tipwatch.crawlers.source_defs import Source, SourceError, load_source


def source_path(directory: Path, source: Source) -> Path:
    return directory / source.country.lower() / f"{source.id}.yaml"


def write_source(directory: Path, source: Source, *, comment: str) -> Path:
    """Write `source` as a new registry file under `directory` (never over an existing one)
    and return its path; `comment` heads the file as `#` lines. Raises `SourceError` when the
    file exists, cannot be written, or does not load back as the same source."""
    path = source_path(directory, source)
    if path.exists():
        raise SourceError(f"{path}: a source file already exists there")
    data = source.model_dump(mode="json", exclude_defaults=False)
    head = "".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines())
    text = head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise SourceError(f"{path}: cannot write the source file: {exc}") from exc
    if load_source(path) != source:
        path.unlink()
        raise SourceError(f"{path}: the written file does not load back as the same source")
    return path
