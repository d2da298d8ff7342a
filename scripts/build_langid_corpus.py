"""Build nlp/corpus/langid/short_news.jsonl from public repositories mirrored locally.

One-off and reproducible: every row names the repository, the file (and the commit) it was cut
from, its licence and, when the source gives one, the article URL. A text is a title plus the
start of the body, or consecutive sentences of one document, cut at a word boundary to 100-400
characters (`cut`). Run: `python scripts/build_langid_corpus.py MIRRORS_DIR` where MIRRORS_DIR
holds `<owner>+<name>/repo` bare git mirrors of the repositories listed in `SOURCES`.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

PER_LANGUAGE = 40
MIN_CHARS = 100
MAX_CHARS = 400
OUT = Path(__file__).resolve().parent.parent / "nlp" / "corpus" / "langid" / "short_news.jsonl"

csv.field_size_limit(10_000_000)


def git_show(mirrors: Path, repo: str, ref_path: str) -> bytes:
    gitdir = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(
        ["git", "-C", str(gitdir), "show", ref_path], check=True, capture_output=True
    ).stdout


def git_head(mirrors: Path, repo: str, ref: str = "HEAD") -> str:
    gitdir = mirrors / repo.replace("/", "+") / "repo"
    out = subprocess.run(
        ["git", "-C", str(gitdir), "rev-parse", ref], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def cut(text: str) -> str | None:
    """`text` with collapsed spaces, cut at a space to at most MAX_CHARS; None when too short."""
    flat = " ".join(text.split())
    if len(flat) > MAX_CHARS:
        flat = flat[:MAX_CHARS]
        if " " in flat[MIN_CHARS:]:
            flat = flat[: flat.rindex(" ")]
    return flat if len(flat) >= MIN_CHARS else None


def masakhane(mirrors: Path, code: str) -> Iterator[tuple[str, str | None, str]]:
    raw = git_show(mirrors, "masakhane-io/masakhane-news", f"HEAD:data/{code}/test.tsv")
    for i, row in enumerate(csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t")):
        yield (
            f"{row['headline']}. {row['text']}",
            row.get("url") or None,
            f"data/{code}/test.tsv#{i}",
        )


def conllu_docs(
    mirrors: Path, repo: str, path: str, ref: str = "HEAD"
) -> Iterator[tuple[str, str | None, str]]:
    """Runs of consecutive sentences (a new document starts a new run)."""
    raw = git_show(mirrors, repo, f"{ref}:{path}").decode("utf-8")
    buf: list[str] = []
    first_id = ""
    for line in raw.splitlines():
        if line.startswith("# newdoc") and buf:
            yield " ".join(buf), None, f"{path}#{first_id}"
            buf = []
        if line.startswith("# sent_id") and not buf:
            first_id = line.split("=", 1)[1].strip()
        if line.startswith("# text ="):
            buf.append(line.split("=", 1)[1].strip())
            if sum(len(s) + 1 for s in buf) >= 250:
                yield " ".join(buf), None, f"{path}#{first_id}"
                buf = []


def bosque(mirrors: Path) -> Iterator[tuple[str, str | None, str]]:
    gitdir = mirrors / "UniversalDependencies+UD_Portuguese-Bosque" / "repo"
    names = subprocess.run(
        ["git", "-C", str(gitdir), "ls-tree", "--name-only", "HEAD", "not-to-release/documents/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in sorted(names):
        yield from conllu_docs(mirrors, "UniversalDependencies/UD_Portuguese-Bosque", name)


def nepali(mirrors: Path) -> Iterator[tuple[str, str | None, str]]:
    repo = "sagarad931/Nepali_news_classification"
    base = "News_Classification_Model/nepali_news_dataset_20_categories_small"
    for n in range(1, 30):
        for category in ("Society", "Politics", "Economy", "Employment", "Migration"):
            path = f"{base}/{category}/{n}.txt"
            try:
                data = git_show(mirrors, repo, f"HEAD:{path}")
            except subprocess.CalledProcessError:
                continue
            # some files are UTF-16 (with a byte-order mark), most UTF-8
            raw = (
                data.decode("utf-16")
                if data[:2] in (b"\xff\xfe", b"\xfe\xff")
                else data.decode("utf-8-sig")
            )
            lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
            # line 2 is the date line of the outlet's page
            yield " ".join(lines[:1] + lines[2:]), None, path


def khmer(mirrors: Path) -> Iterator[tuple[str, str | None, str]]:
    raw = git_show(mirrors, "phylypo/segmentation-crf-khmer", "HEAD:data/kh_data_100.zip")
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        meta = zf.read("kh_data_100/meta.txt").decode("utf-8")
        urls = {row["docId"]: row["url"] for row in csv.DictReader(io.StringIO(meta))}
        for doc_id, url in urls.items():
            name = f"kh_data_100/{doc_id}_orig.txt"
            if name in zf.namelist():
                text = zf.read(name).decode("utf-8")
                yield text, url, f"data/kh_data_100.zip:{name}"


def bengali(mirrors: Path) -> Iterator[tuple[str, str | None, str]]:
    raw = git_show(mirrors, "xashru/punctuation-restoration", "HEAD:data/bn/test_news")
    marks = {"COMMA": ",", "PERIOD": "।", "QUESTION": "?"}
    words: list[str] = []
    start = 0
    for i, line in enumerate(raw.decode("utf-8").splitlines()):
        if "\t" not in line:
            continue
        word, label = line.split("\t", 1)
        words.append(word + marks.get(label.strip(), ""))
        if label.strip() == "PERIOD" and sum(len(w) + 1 for w in words) >= 200:
            yield " ".join(words), None, f"data/bn/test_news#line{start}"
            words = []
            start = i + 1


MALAY_REPO = (
    "ziyanlow/Real-Time-Data-Engineering-Pipeline-for-Malay-News-Analytics-and-Lexicon-Enrichment"
)


def malay(mirrors: Path) -> Iterator[tuple[str, str | None, str]]:
    repo = MALAY_REPO
    raw = git_show(mirrors, repo, "HEAD:sentence_with_reference_summary.csv").decode("utf-8")
    for i, row in enumerate(csv.DictReader(io.StringIO(raw))):
        text = row["sentence"]
        url = None
        if text.startswith("URL:"):
            head, _, rest = text.partition(" Title: ")
            url = head.removeprefix("URL:").strip()
            title, _, body = rest.partition(" Content: ")
            text = f"{title}. {body}"
        yield text, url, f"sentence_with_reference_summary.csv#{i}"


# language -> (repository, licence, rows)
SOURCES = {
    "en": (
        "masakhane-io/masakhane-news",
        "no licence file (MasakhaNEWS)",
        lambda m: masakhane(m, "eng"),
    ),
    "fr": (
        "masakhane-io/masakhane-news",
        "no licence file (MasakhaNEWS)",
        lambda m: masakhane(m, "fra"),
    ),
    "ha": (
        "masakhane-io/masakhane-news",
        "no licence file (MasakhaNEWS)",
        lambda m: masakhane(m, "hau"),
    ),
    "sw": (
        "masakhane-io/masakhane-news",
        "no licence file (MasakhaNEWS)",
        lambda m: masakhane(m, "swa"),
    ),
    "yo": (
        "masakhane-io/masakhane-news",
        "no licence file (MasakhaNEWS)",
        lambda m: masakhane(m, "yor"),
    ),
    "ne": ("sagarad931/Nepali_news_classification", "no licence file", nepali),
    "km": ("phylypo/segmentation-crf-khmer", "no licence file", khmer),
    "bn": (
        "xashru/punctuation-restoration",
        "MIT (repository); articles CC BY 4.0 (Mendeley xp92jxr8wn)",
        bengali,
    ),
    "ms": (
        "ziyanlow/Real-Time-Data-Engineering-Pipeline-for-Malay-News-Analytics-and-Lexicon-Enrichment",
        "MIT (repository)",
        malay,
    ),
    "ur": (
        "UniversalDependencies/UD_Urdu-UDTB",
        "CC BY-NC-SA 4.0",
        lambda m: conllu_docs(m, "UniversalDependencies/UD_Urdu-UDTB", "ur_udtb-ud-test.conllu"),
    ),
    "fil": (
        "UniversalDependencies/UD_Tagalog-NewsCrawl",
        "CC BY-SA 4.0",
        lambda m: conllu_docs(
            m, "UniversalDependencies/UD_Tagalog-NewsCrawl", "tl_newscrawl-ud-dev.conllu", "dev"
        ),
    ),
    "ta": (
        "UniversalDependencies/UD_Tamil-TTB",
        "CC BY-NC-SA 3.0",
        lambda m: conllu_docs(m, "UniversalDependencies/UD_Tamil-TTB", "ta_ttb-ud-test.conllu"),
    ),
    "pt": ("UniversalDependencies/UD_Portuguese-Bosque", "CC BY-SA 4.0", bosque),
    "id": (
        "UniversalDependencies/UD_Indonesian-GSD",
        "CC BY-SA 4.0",
        lambda m: conllu_docs(
            m, "UniversalDependencies/UD_Indonesian-GSD", "id_gsd-ud-test.conllu"
        ),
    ),
    "th": (
        "UniversalDependencies/UD_Thai-PUD",
        "CC BY-SA 3.0",
        lambda m: conllu_docs(m, "UniversalDependencies/UD_Thai-PUD", "th_pud-ud-test.conllu"),
    ),
    "hi": (
        "UniversalDependencies/UD_Hindi-PUD",
        "CC BY-SA 3.0",
        lambda m: conllu_docs(m, "UniversalDependencies/UD_Hindi-PUD", "hi_pud-ud-test.conllu"),
    ),
    "es": (
        "UniversalDependencies/UD_Spanish-PUD",
        "CC BY-SA 3.0",
        lambda m: conllu_docs(m, "UniversalDependencies/UD_Spanish-PUD", "es_pud-ud-test.conllu"),
    ),
}
REFS = {"fil": "dev"}


def main(mirrors: Path) -> None:
    rows: list[dict[str, object]] = []
    for language, (repo, licence, read) in SOURCES.items():
        commit = git_head(mirrors, repo, REFS.get(language, "HEAD"))
        taken = 0
        seen: set[str] = set()
        for text, url, where in read(mirrors):
            short = cut(text)
            if short is None or short in seen:
                continue
            seen.add(short)
            rows.append(
                {
                    "language": language,
                    "text": short,
                    "repo": repo,
                    "commit": commit,
                    "where": where,
                    "url": url,
                    "licence": licence,
                }
            )
            taken += 1
            if taken == PER_LANGUAGE:
                break
        print(f"{language}: {taken}", file=sys.stderr)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
