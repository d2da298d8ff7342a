"""Write the readings of Han characters that names are read in, from the Unicode Character
Database's Unihan_Readings.txt: tipwatch/domain/data/hanja.tsv (the Korean readings in Hangul,
field kHangul) and tipwatch/domain/data/hanviet.tsv (the Vietnamese readings in Quốc ngữ,
field kVietnamese).

Usage: python scripts/hanja_table.py PATH/Unihan_Readings.txt[.bz2]

The tables shipped were made from Unicode 15.0.0 (Debian's unicode-data 15.0.0-1,
/usr/share/unicode/Unihan_Readings.txt.bz2); the Unicode License applies to them
(tipwatch/domain/data/UNICODE-LICENSE.txt).
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tipwatch" / "domain" / "data"
TABLES = {
    "kHangul": (DATA / "hanja.tsv", "Korean readings of Han characters"),
    "kVietnamese": (DATA / "hanviet.tsv", "Vietnamese readings of Han characters"),
}


def main(source: str) -> None:
    opener = bz2.open if source.endswith(".bz2") else open
    rows: dict[str, list[str]] = {field: [] for field in TABLES}
    with opener(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.count("\t") != 2:
                continue
            code, field, value = line.rstrip("\n").split("\t")
            if field not in TABLES:
                continue
            char = chr(int(code[2:], 16))
            readings = [v.split(":")[0] for v in value.split()]
            rows[field].append(char + "\t" + " ".join(dict.fromkeys(readings)))
    for field, (out, what) in TABLES.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            f"# {what}, from Unicode 15.0.0 Unihan ({field}); made by scripts/hanja_table.py\n"
            + "\n".join(rows[field])
            + "\n",
            encoding="utf-8",
        )
        print(f"{len(rows[field])} characters -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
