"""`tipwatch corpus`: the annotated extraction corpus (labels in the repository, texts not).

- `show`: print a source text and the id, hash and length its record needs (for annotators).
- `check`: validate labels files against the texts in git mirrors.
- `materialize`: rebuild the texts from git mirrors, verifying each hash, for eval and training.
- `merge`, `sample`, `agreement`, `stats`: assemble the labels, draw the double-annotation
  sample, compare two annotations, count.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import typer

from tipwatch.nlp.corpus.checks import CheckReport, load
from tipwatch.nlp.corpus.schema import Selector, record_id, text_sha256

group = typer.Typer(no_args_is_help=True, help=__doc__.split("\n")[0] if __doc__ else None)

LABELS = Path(__file__).resolve().parents[1] / "nlp" / "corpus" / "extraction" / "labels.jsonl"


def _labels(paths: list[Path]) -> list[Path]:
    return paths or [LABELS]


def _load(paths: list[Path]) -> CheckReport:
    """Read labels files; every line that is no valid record is named on stderr."""
    report = load(paths)
    for problem in report.problems:
        typer.echo(problem, err=True)
    return report


@group.command("show")
def show(
    repo: str = typer.Option(..., help="owner/name of the public repository."),
    path: str = typer.Option(..., help="File path in the repository."),
    selector: str = typer.Option('{"kind": "blob"}', help="Selector as JSON (see schema)."),
    outlet: str = typer.Option(..., help="Short key of the publisher."),
    mirrors: Path = typer.Option(  # noqa: B008
        ..., envvar="TIPWATCH_MIRRORS", help="Folder of git mirrors (or TIPWATCH_MIRRORS)."
    ),
    commit: str = typer.Option("HEAD", help="Commit (default: the mirror's HEAD)."),
) -> None:
    """Print a JSON header (id, commit, sha256, n_chars) and then the text as annotated."""
    from tipwatch.nlp.corpus.texts import CorpusTextError, git_dir, mirror_dir, read_text

    try:
        gitdir = git_dir(mirror_dir(mirrors, repo))
        sha = subprocess.run(
            ["git", "--git-dir", str(gitdir), "rev-parse", f"{commit}^{{commit}}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        sel = Selector.model_validate_json(selector)
        text = read_text(mirrors, repo, sha, path, sel)
    except (CorpusTextError, subprocess.CalledProcessError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    header = {
        "id": record_id(outlet, repo, path, sel),
        "outlet": outlet,
        "repo": repo,
        "commit": sha,
        "path": path,
        "selector": sel.model_dump(exclude_defaults=True),
        "sha256": text_sha256(text),
        "n_chars": len(text),
    }
    typer.echo(json.dumps(header, ensure_ascii=False))
    typer.echo(text)


@group.command("check")
def check(
    labels: list[Path] = typer.Argument(None, help="Labels files (default: the corpus)."),  # noqa: B008
    mirrors: Path | None = typer.Option(  # noqa: B008
        None, envvar="TIPWATCH_MIRRORS", help="Git mirrors: also check every text."
    ),
) -> None:
    """Validate labels: schema, ids, reserved repositories, splits, and with --mirrors the
    texts' hashes and that every name and charge is copied from its text."""
    from tipwatch.nlp.corpus.checks import check as run_check

    report = run_check(_labels(labels), mirrors)
    for problem in report.problems:
        typer.echo(problem, err=True)
    typer.echo(json.dumps(report.summary(), sort_keys=True))
    if not report.ok:
        typer.echo(f"{len(report.problems)} problems", err=True)
        raise typer.Exit(1)


@group.command("materialize")
def materialize(
    mirrors: Path = typer.Option(  # noqa: B008
        ..., envvar="TIPWATCH_MIRRORS", help="Git mirrors of the source repositories."
    ),
    out: Path = typer.Option(Path("build/corpus"), help="Output folder."),  # noqa: B008
    split: str | None = typer.Option(None, help="Only this split (train, dev, test)."),
    labels: Path = typer.Option(LABELS, help="Labels file."),  # noqa: B008
) -> None:
    """Rebuild the corpus texts from the public repositories, verifying every hash; writes
    `<out>/corpus.jsonl` (for `tipwatch eval`) and `<out>/texts/<id>.txt`."""
    from tipwatch.nlp.corpus.materialize import materialize as run

    loaded = _load([labels])
    report = run(loaded.records, mirrors, out, split)
    for failure in report.failed:
        typer.echo(failure, err=True)
    typer.echo(f"{report.written} texts written to {out}; {len(report.failed)} failed")
    if report.failed or loaded.problems:
        raise typer.Exit(1)


@group.command("merge")
def merge(
    parts: list[Path] = typer.Argument(..., help="Labels files to merge (e.g. parts/*.jsonl)."),  # noqa: B008
    out: Path = typer.Option(LABELS, help="The merged labels file."),  # noqa: B008
) -> None:
    """Merge labels files into one, sorted by id, each outlet in its split (see `splits`).
    Refuses duplicate ids and invalid records."""
    from tipwatch.nlp.corpus.checks import check as run_check
    from tipwatch.nlp.corpus.splits import assign

    loaded = _load(parts)
    if loaded.problems:
        raise typer.Exit(1)
    records = sorted(assign(loaded.records), key=lambda r: r.id)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(rec.model_dump_json(exclude_none=True) + "\n")
    report = run_check([tmp], None)
    if not report.ok:
        for problem in report.problems:
            typer.echo(problem, err=True)
        tmp.unlink()
        raise typer.Exit(1)
    tmp.replace(out)
    typer.echo(json.dumps(report.summary(), sort_keys=True))


@group.command("sample")
def sample(
    share: float = typer.Option(0.1, help="Share of records to draw."),
    seed: int = typer.Option(12, help="Random seed."),
    labels: Path = typer.Option(LABELS, help="Labels file."),  # noqa: B008
) -> None:
    """Print a seeded random sample of records as provenance only (no labels), one JSON per
    line: what a second annotator gets for double annotation."""
    import random

    records = sorted(_load([labels]).records, key=lambda r: r.id)
    chosen = random.Random(seed).sample(records, max(1, round(len(records) * share)))
    keep = (
        "id",
        "outlet",
        "repo",
        "commit",
        "path",
        "selector",
        "sha256",
        "n_chars",
        "url",
        "publish_date",
        "country_of_publication",
        "genre",
        "language",
    )
    for rec in sorted(chosen, key=lambda r: r.id):
        typer.echo(
            json.dumps(
                rec.model_dump(mode="json", include=set(keep), exclude_none=True),
                ensure_ascii=False,
            )
        )


@group.command("agreement")
def agreement(
    second: Path = typer.Argument(..., help="The second annotation of a sample."),  # noqa: B008
    labels: Path = typer.Option(LABELS, help="The first annotation (the corpus)."),  # noqa: B008
    show: bool = typer.Option(False, "--show", help="List every disagreement."),
) -> None:
    """Print agreement per field between the corpus and an independent second annotation."""
    from tipwatch.nlp.corpus.agreement import compare

    result = compare(_load([labels]).records, _load([second]).records)
    width = max(len(a) for a, _ in result.rows())
    for name, value in result.rows():
        typer.echo(f"{name.ljust(width)}  {value}")
    if show:
        for line in result.disagreements:
            typer.echo(line)


@group.command("stats")
def stats(labels: Path = typer.Option(LABELS, help="Labels file.")) -> None:  # noqa: B008
    """Print the corpus's counts per split as markdown tables."""
    from tipwatch.nlp.corpus.stats import stats as run

    typer.echo(run(_load([labels]).records))
