"""CSV and JSON Lines writers. In CSV, a cell that a spreadsheet would read as a formula
(starting with = + - @, tab or carriage return) is prefixed with an apostrophe."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import TextIO

from tipwatch.exports.rows import FIELDS, ExportRow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise(";".join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:.3f}"
    return neutralise(str(value))


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    n = 0
    for row in rows:
        # Attributes, not a dump: a charge is written as its `str` ("category [statute]").
        writer.writerow([_cell(getattr(row, f)) for f in FIELDS])
        n += 1
    return n


def write_jsonl(rows: Iterable[ExportRow], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row.model_dump(mode="json"), ensure_ascii=False, sort_keys=True))
        out.write("\n")
        n += 1
    return n
