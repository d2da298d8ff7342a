"""Build nlp/corpus/relevance/*.jsonl: labelled real articles for bench.foreign_relevance.

`masakhanews.jsonl`: from MasakhaNEWS (github.com/masakhane-io/masakhane-news, BBC and VOA
articles in African languages; no licence file in the repository). `POSITIVES` were found by
reading every headline matched by broad searches (trafficking, slavery, smuggling, migrants,
sex, NAPTIP...) and kept when the article is about human trafficking or migrant smuggling:
six exist in the splits the mirror holds (the train splits of French, Hausa and Swahili are
over its size limit). Hard negatives are the first 45 articles per language whose title or lead
names drugs, road accidents, arrests, courts or prisons (other crime, other legal news); every
one's headline was read, and the two that report trafficking are positives above.

`pt_jamildo.jsonl`: Portuguese posts of a Recife (Pernambuco) political news blog archived in
github.com/cynaramaira/acervo (`_posts/`, 2006-2016; the repository's MIT licence covers its
Jekyll theme; the posts state no licence). Candidates are every post whose title names
"tráfico", slavery, sexual exploitation, prostitution, enticement or degrading or forced work;
each was labelled by reading its title and lead (`scripts/relevance_labels/pt_acervo.tsv`):
trafficking-related (trafficking in persons, slave or degrading labour, commercial sexual
exploitation of children, organ trafficking) or a hard negative (drug trafficking, influence
peddling, "tráfico" of tickets or favours, historical or figurative slavery, adult
prostitution stories, other labour news). The titles were selected by words, but "tráfico" and
"escrav" are not vocabulary terms on their own: the vocabulary must tell the two apart.

Run: `python scripts/build_relevance_corpus.py MIRRORS_DIR` (MIRRORS_DIR holds
`<owner>+<name>/repo` git mirrors of both repositories).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

csv.field_size_limit(10_000_000)
REPO = "masakhane-io/masakhane-news"
HERE = Path(__file__).resolve().parent
OUT_DIR = HERE.parent / "nlp" / "corpus" / "relevance"
OUT = OUT_DIR / "masakhanews.jsonl"
PT_REPO = "cynaramaira/acervo"
PT_LABELS = HERE / "relevance_labels" / "pt_acervo.tsv"
NEGATIVES = 45
MAX_CHARS = 3000

# MasakhaNEWS code -> tipwatch code
LANGS = {"fra": "fr", "hau": "ha", "swa": "sw", "yor": "yo"}
# (language, split, row) of articles about human trafficking or migrant smuggling
POSITIVES = {
    ("fra", "test", 97),  # a father arrested in Liberia for trying to sell his son
    ("hau", "test", 11),  # NAPTIP warns Nigerians about trafficking to Europe
    ("hau", "test", 21),  # the routes migrants take; smugglers drive the boats
    ("swa", "test", 4),  # thousands of Ugandans victims of human trafficking in Oman
    # found among the automatic hard negatives when their headlines were read:
    ("swa", "test", 107),  # a Lagos "baby factory": women held, their babies sold
    ("yor", "dev", 67),  # R. Kelly convicted of exploiting women and children for sex
}
# hard negatives: other crime (drugs first), road traffic, courts and police
HARD = {
    "fra": r"drogue|cocaïne|accident|arrêté|condamn|tribunal|prison|police|procès",
    "hau": r"miyagun kwayoyi|ƙwayoyi|kwayoyi|hatsari|an kama|kotu|gidan yari|'yan sanda|ƴan sanda",
    "swa": r"dawa za kulevya|ajali|alikamatwa|wamekamatwa|mahakama|jela|polisi|kifungo",
    "yor": r"oogun oloro|ìjàmbá|ijamba|ọlọ́pàá|olopaa|ilé ẹjọ́|ile ejo|ẹ̀wọ̀n|ewon",
}


def lead(row: dict[str, str]) -> str:
    return f"{row['headline']} {row['text'][:600]}"


def rows(mirrors: Path, code: str, split: str) -> list[dict[str, str]]:
    gitdir = mirrors / REPO.replace("/", "+") / "repo"
    out = subprocess.run(
        ["git", "-C", str(gitdir), "show", f"HEAD:data/{code}/{split}.tsv"],
        capture_output=True,
        check=False,
    )
    if out.returncode != 0:
        return []
    return list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8")), delimiter="\t"))


def main(mirrors: Path) -> None:
    gitdir = mirrors / REPO.replace("/", "+") / "repo"
    commit = subprocess.run(
        ["git", "-C", str(gitdir), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out: list[dict[str, object]] = []
    for code, lang in LANGS.items():
        hard = re.compile(HARD[code], re.I)
        negatives = 0
        for split in ("test", "dev", "train"):
            for i, row in enumerate(rows(mirrors, code, split)):
                text = f"{row['headline']}\n{row['text']}"[:MAX_CHARS]
                positive = (code, split, i) in POSITIVES
                if positive:
                    label, kind = "trafficking", "trafficking"
                elif negatives < NEGATIVES and hard.search(lead(row)):
                    label, kind = "negative", "hard_negative"
                    negatives += 1
                else:
                    continue
                out.append(
                    {
                        "language": lang,
                        "label": label,
                        "kind": kind,
                        "text": text,
                        "repo": REPO,
                        "commit": commit,
                        "where": f"data/{code}/{split}.tsv#{i}",
                        "url": row.get("url") or None,
                    }
                )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for item in out:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(out)} rows", file=sys.stderr)
    portuguese(mirrors)


def _post_text(raw: str) -> tuple[str, str]:
    """(title, plain text) of a Jekyll post: front matter read, HTML tags dropped."""
    _, front, body = raw.split("---", 2)
    meta = yaml.safe_load(front)
    text = re.sub(r"\{%.*?%\}", " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return str(meta.get("title") or "").strip(), re.sub(r"\s+", " ", text).strip()


def portuguese(mirrors: Path) -> None:
    gitdir = mirrors / PT_REPO.replace("/", "+") / "repo"
    commit = subprocess.run(
        ["git", "-C", str(gitdir), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    out: list[dict[str, object]] = []
    for line in PT_LABELS.read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, label, kind, _title = line.split("\t", 3)
        raw = subprocess.run(
            ["git", "-C", str(gitdir), "show", f"HEAD:{path}"], capture_output=True, check=True
        ).stdout.decode("utf-8")
        title, text = _post_text(raw)
        out.append(
            {
                "language": "pt",
                "label": label,
                "kind": kind,
                "text": f"{title}\n{text}"[:MAX_CHARS],
                "repo": PT_REPO,
                "commit": commit,
                "where": path,
                "url": None,
            }
        )
    with (OUT_DIR / "pt_jamildo.jsonl").open("w", encoding="utf-8") as fh:
        for item in out:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(out)} Portuguese rows", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
