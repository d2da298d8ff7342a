"""Write tipwatch/domain/data/hanja.tsv: the Korean (Hangul) readings of Han characters, from
the Unicode Character Database's Unihan_Readings.txt (field kHangul).

Usage: python scripts/hanja_table.py PATH/Unihan_Readings.txt[.bz2]

The table shipped was made from Unicode 15.0.0 (Debian's unicode-data 15.0.0-1,
/usr/share/unicode/Unihan_Readings.txt.bz2); the Unicode License applies to it
(tipwatch/domain/data/UNICODE-LICENSE.txt).
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tipwatch" / "domain" / "data" / "hanja.tsv"


def main(source: str) -> None:
    opener = bz2.open if source.endswith(".bz2") else open
    rows: list[str] = []
    with opener(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\tkHangul\t" not in line:
                continue
            code, _, value = line.rstrip("\n").split("\t")
            char = chr(int(code[2:], 16))
            readings = [v.split(":")[0] for v in value.split()]
            rows.append(char + "\t" + " ".join(dict.fromkeys(readings)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        "# Korean readings of Han characters, from Unicode 15.0.0 Unihan (kHangul); "
        "made by scripts/hanja_table.py\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} characters -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
