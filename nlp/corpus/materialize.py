"""Write the corpus texts out of the public repositories, verified against their hashes.

The output is what the scorer and the trainer read: `<out>/corpus.jsonl`, one labelled record
per line with its `text` (the label fields of cases-dev's schema, so `tipwatch eval` scores
it as it scores cases-dev), and `<out>/texts/<id>.txt`. A record whose text cannot be rebuilt
or does not match its hash is reported by id and left out of the output, never silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from tipwatch.nlp.corpus.schema import CorpusRecord, text_sha256
from tipwatch.nlp.corpus.texts import CorpusTextError, read_text


@dataclass
class MaterializeReport:
    written: int = 0
    failed: list[str] = field(default_factory=list)


def eval_row(rec: CorpusRecord, text: str) -> dict[str, object]:
    """The record in the scorer's shape (cases-dev field names) with its text."""
    row = rec.model_dump(mode="json", exclude={"selector"})
    row["text"] = text
    return row


def materialize(
    records: list[CorpusRecord], mirrors: Path, out: Path, split: str | None = None
) -> MaterializeReport:
    report = MaterializeReport()
    (out / "texts").mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    for rec in sorted(records, key=lambda r: r.id):
        if split and rec.split != split:
            continue
        try:
            text = read_text(mirrors, rec.repo, rec.commit, rec.path, rec.selector)
        except CorpusTextError as exc:
            report.failed.append(f"{rec.id}: {exc}")
            continue
        if text_sha256(text) != rec.sha256:
            report.failed.append(f"{rec.id}: text does not match its sha256 (source changed?)")
            continue
        (out / "texts" / f"{rec.id}.txt").write_text(text, encoding="utf-8")
        rows.append(eval_row(rec, text))
        report.written += 1
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return report
