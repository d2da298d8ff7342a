"""Write tipwatch/domain/data/wadegiles.tsv: each Mandarin pinyin syllable with its Wade-Giles
spelling as names write it (no aspiration apostrophe, ü as u), from pypinyin's Wade-Giles table
(pypinyin is MIT-licensed; its table cites the Wikipedia, UCLA and University of Chicago
conversion tables).

Usage: python scripts/wadegiles_table.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tipwatch" / "domain" / "data" / "wadegiles.tsv"


def main() -> None:
    from pypinyin import __version__
    from pypinyin.style import wadegiles

    rows: list[str] = []
    for pinyin, wade in wadegiles._convert_table:  # noqa: SLF001 - the table is the source
        plain = pinyin.replace("v", "u").replace("ü", "u")
        spelt = wade.replace("'", "").replace("ü", "u").casefold()
        if plain.isalpha() and spelt.isalpha():
            rows.append(f"{plain}\t{spelt}")
    header = (
        f"# pinyin -> Wade-Giles (plain letters), from pypinyin {__version__}; "
        "made by scripts/wadegiles_table.py"
    )
    OUT.write_text("\n".join([header, *sorted(set(rows))]) + "\n", encoding="utf-8")
    print(f"{len(rows)} syllables -> {OUT}")


if __name__ == "__main__":
    main()
