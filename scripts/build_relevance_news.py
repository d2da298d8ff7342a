"""Build the per-language news sets of nlp/corpus/relevance/ from labelled article lists.

Each source is a public git repository of news articles and a label file in
`scripts/relevance_labels/` (tab-separated: where, label, kind, title; `#` lines are comments).
Candidates were found by searching the repository for the language's words for trafficking,
smuggling, forced labour, and for drugs, arms, arrests, courts and road accidents; every row
was labelled by reading its title and lead: `trafficking` (trafficking in persons, migrant
smuggling, forced or bonded labour, commercial sexual exploitation of children: arrests,
rescues, prosecutions, and policy or awareness pieces whose subject is one of these) or
`negative` (hard negatives: drug or arms trafficking, other crime, courts and police, road
traffic, migration news, historical slavery, and texts that name trafficking only in passing).
Texts are cut at a paragraph end to at most MAX_CHARS characters.

Sources (see `nlp/corpus/README.md` for licences):
- `es_ljz.jsonl`: Spanish posts of La Jornada Zacatecas (Mexico, 2013-2014) archived as Jekyll
  posts in github.com/ljzac/ljzac.github.io (`_posts/`); label file `es_ljz.tsv`.
- `ne_nepalpolice.jsonl`: Nepali news items of the Nepal Police website (nepalpolice.gov.np,
  2021-2025) crawled as JSON lists into github.com/nightmaregaurav/NepaliCrimeNews (`news/`;
  `where` is `file#index`; the first stored copy of each title and date); label file
  `ne_nepalpolice.tsv`. Positives: every item whose title names the sale or transport of
  people (मानव बेचबिखन / ओसारपसार, a woman sold to an Indian brothel, kidney trafficking);
  hard negatives: wildlife parts, gold and drugs smuggling (the same words ओसारपसार and
  बेचबिखन), foreign-employment fraud, rape, murder, theft.

- `th_thaigov.jsonl`: Thai press releases of the Thai government website (thaigov.go.th,
  2020-2025) stored one per text file by github.com/PyThaiNLP/thaigov-v2-corpus (`data/`);
  label file `th_thaigov.tsv`; `url` is the release's thaigov.go.th address.

Run: `python scripts/build_relevance_news.py MIRRORS_DIR [OUT_FILE ...]` (MIRRORS_DIR holds
`<owner>+<name>/repo` git mirrors of the repositories; OUT_FILE names limit the run to those sets).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
OUT_DIR = HERE.parent / "nlp" / "corpus" / "relevance"
LABELS = HERE / "relevance_labels"
MAX_CHARS = 3000


def _git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(gitdir), *args], capture_output=True, check=True).stdout


def _cut(title: str, paragraphs: list[str]) -> str:
    """Title and whole paragraphs up to MAX_CHARS (a first paragraph too long is cut at a space)."""
    text = title.strip()
    for para in (p.strip() for p in paragraphs):
        if not para:
            continue
        if len(text) + 1 + len(para) > MAX_CHARS:
            if text == title.strip():
                text += "\n" + para[: MAX_CHARS - len(text) - 1].rsplit(" ", 1)[0]
            break
        text += "\n" + para
    return text


def jekyll_post(raw: str) -> tuple[str, list[str]]:
    """(title, paragraphs) of a Jekyll post: front matter read, images and HTML tags dropped."""
    _, front, body = raw.split("---", 2)
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError:
        found = re.search(r"^title:\s*(.+)$", front, re.M)
        meta = {"title": found.group(1).strip().strip('"') if found else ""}
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", body)
    body = re.sub(r"<br\s*/?>|</p>", "\n\n", body, flags=re.I)
    body = html.unescape(re.sub(r"<[^>]+>", " ", body))
    paragraphs = [re.sub(r"\s+", " ", p) for p in re.split(r"\n\s*\n", body)]
    return str(meta.get("title") or "").strip(), paragraphs


def json_item(raw: str, index: int) -> tuple[str, list[str]]:
    """(title, paragraphs) of one item of a JSON list of {title, content} news items."""
    item = json.loads(raw)[index]
    paragraphs = re.split(r"[\t\n]+", str(item.get("content") or ""))
    return str(item.get("title") or "").strip(), [re.sub(r"\s+", " ", p) for p in paragraphs]


THAIGOV_PREFIX = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
THAIGOV_URL: dict[str, str] = {}


def thaigov_release(raw: str) -> tuple[str, list[str]]:
    """(title, paragraphs) of a thaigov.go.th press release as stored by PyThaiNLP's corpus.

    The file is the title line, a blank line, the page's lines and a `ที่มา : URL` line. The
    page repeats the title (whole or cut) and carries a date, a print link and hashtags: dropped.
    """
    lines = [line.strip() for line in raw.splitlines()]
    title = lines[0].replace(THAIGOV_PREFIX, "", 1).strip() if lines else ""
    paragraphs: list[str] = []
    for line in lines[1:]:
        if not line or line.startswith("#") or line == "พิมพ์":
            continue
        if line.startswith("ที่มา"):
            found = re.search(r"https?://\S+", line)
            if found:
                THAIGOV_URL[title] = found.group(0)
            continue
        if re.fullmatch(r"\d{2}/\d{2}/\d{4}", line) or re.fullmatch(r"วัน\S+ที่ \d+ \S+ \d{4}", line):
            continue
        if line in paragraphs or (
            len(line) > 20 and (title.startswith(line.rstrip("…. ")) or line.startswith(title))
        ):
            continue
        paragraphs.append(line)
    return title, paragraphs


@dataclass(frozen=True)
class Source:
    language: str
    out: str
    repo: str
    labels: str
    read: Callable[[str], tuple[str, list[str]]] | None = None
    read_item: Callable[[str, int], tuple[str, list[str]]] | None = None


SOURCES = [
    Source("es", "es_ljz.jsonl", "ljzac/ljzac.github.io", "es_ljz.tsv", read=jekyll_post),
    Source(
        "ne",
        "ne_nepalpolice.jsonl",
        "nightmaregaurav/NepaliCrimeNews",
        "ne_nepalpolice.tsv",
        read_item=json_item,
    ),
    Source(
        "th",
        "th_thaigov.jsonl",
        "PyThaiNLP/thaigov-v2-corpus",
        "th_thaigov.tsv",
        read=thaigov_release,
    ),
]


def build(mirrors: Path, source: Source) -> None:
    gitdir = mirrors / source.repo.replace("/", "+") / "repo"
    commit = _git(gitdir, "rev-parse", "HEAD").decode().strip()
    out: list[dict[str, object]] = []
    for line in (LABELS / source.labels).read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        where, label, kind, _title = line.split("\t", 3)
        if label not in ("trafficking", "negative"):
            raise ValueError(f"{source.labels}: unknown label {label!r} for {where}")
        path, _, row = where.partition("#")
        raw = _git(gitdir, "show", f"HEAD:{path}").decode("utf-8")
        if source.read_item is not None:
            title, paragraphs = source.read_item(raw, int(row))
        elif source.read is not None:
            title, paragraphs = source.read(raw)
        else:
            raise ValueError(f"{source.out}: no reader")
        out.append(
            {
                "language": source.language,
                "label": label,
                "kind": kind,
                "text": _cut(title, paragraphs),
                "repo": source.repo,
                "commit": commit,
                "where": where,
                "url": THAIGOV_URL.get(title),
            }
        )
    with (OUT_DIR / source.out).open("w", encoding="utf-8") as fh:
        for item in out:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{source.out}: {len(out)} rows", file=sys.stderr)


def main(mirrors: Path, only: list[str]) -> None:
    for source in SOURCES:
        if not only or source.out in only:
            build(mirrors, source)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
