"""Build the French and Spanish labelled evaluation sets of issue 16 (`nlp/corpus/lang-eval/`).

Every row is a real published article read in full and labelled by hand (annotation guide:
`docs/annotation.md`); the labels are in `scripts/lang_eval_labels.py`, one entry per article.
This script only joins those labels with the article text cut from a git mirror of the public
repository it came from, computes the hash and length, and writes:

- `nlp/corpus/lang-eval/{fr,es}.jsonl`: the cases-dev schema (`../shared/datasets/cases-dev/`)
  plus `victim_names`, `split` (by outlet), `notes`, `annotator` and the `selector` that cut the
  text (`blob`: the whole file; `tsv`: one data row of a tab-separated file, its `fields` joined
  by a blank line, as the corpus `csv` selector does for comma-separated files; `csv`: that;
  `json`: the object at `pointer` of a JSON file, its `fields` joined as the corpus `json`
  selector does).
- the same texts as relevance rows (`language`, `label`, `kind`, `text`, `where`, `repo`,
  `commit`, `url`) in `nlp/corpus/relevance/{lang}_<file>.jsonl`, leaving out texts already in
  another relevance file (`es_ljz.jsonl`, `masakhanews.jsonl`).

Run: `python scripts/build_lang_eval.py [MIRRORS_DIR]` (default `/work/.mirror`; it holds
`<owner>+<name>/repo` git mirrors). A repository too large to mirror (MauricioAlcala/cnr.tv)
is read from `scripts/lang_eval_labels.py`'s `FALLBACK_TEXT` only when its hash matches.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lang_eval_labels import ARTICLES, FALLBACK_TEXT, REPOS, SPLITS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "nlp" / "corpus" / "lang-eval"
REL = ROOT / "nlp" / "corpus" / "relevance"


def _blob(mirrors: Path, repo: str, commit: str, path: str) -> str | None:
    gitdir = mirrors / repo.replace("/", "+") / "repo"
    if not (gitdir / "HEAD").is_file():
        return None
    proc = subprocess.run(
        ["git", "--git-dir", str(gitdir), "cat-file", "blob", f"{commit}:{path}"],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("utf-8")


def _text(mirrors: Path, art: dict) -> str:
    repo = art["repo"]
    commit = REPOS[repo]["commit"]
    sel = art.get("selector", {"kind": "blob"})
    raw = _blob(mirrors, repo, commit, art["path"])
    if raw is None:
        raw = FALLBACK_TEXT.get((repo, art["path"]))
        if raw is None:
            raise SystemExit(f"no text for {repo}:{art['path']}")
    if sel["kind"] == "blob":
        return raw
    if sel["kind"] == "json":
        # as the corpus `json` selector: the object at `pointer` ("" = the whole document),
        # its non-empty `fields` stripped and joined by a blank line
        node = json.loads(raw)
        for part in [p for p in sel["pointer"].split("/") if p]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        parts = [str(node[f]).strip() for f in sel["fields"] if node[f] not in (None, "")]
        return "\n\n".join(p for p in parts if p)
    delimiter = "\t" if sel["kind"] == "tsv" else ","
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    row = rows[sel["row"]]
    return "\n\n".join(row[f].strip() for f in sel["fields"] if row[f].strip())


def _existing_relevance_texts() -> set[str]:
    seen: set[str] = set()
    for name in ("es_ljz.jsonl", "masakhanews.jsonl"):
        for line in (REL / name).read_text("utf-8").splitlines():
            if line:
                seen.add(json.loads(line)["where"])
    return seen


def build(mirrors: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    existing = _existing_relevance_texts()
    by_lang: dict[str, list[dict]] = {}
    rel: dict[str, list[dict]] = {}
    for art in ARTICLES:
        text = _text(mirrors, art)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if "sha256" in art and art["sha256"] != digest:
            raise SystemExit(f"{art['path']}: text hash changed")
        repo = art["repo"]
        commit = REPOS[repo]["commit"]
        sel = art.get("selector", {"kind": "blob"})
        key = json.dumps(sel, sort_keys=True)
        split = SPLITS[art["source"]]
        rid = hashlib.sha256(f"{repo}:{art['path']}:{key}".encode()).hexdigest()[:10]
        rec: dict = {
            "id": f"{split}-{art['source']}-{rid}",
            "source": art["source"],
            "source_repo": repo,
            "source_path": art["path"],
            "source_commit": commit,
            "text_provenance": (
                "git_blob"
                if sel["kind"] == "blob"
                else "git_blob_json"
                if sel["kind"] == "json"
                else f"git_blob_{sel['kind']}_row"
            ),
            "url": art.get("url"),
            "publish_date": art.get("date"),
            "country_of_publication": art["cop"],
            "genre": art.get("genre", "news"),
            "language": art["lang"],
            "text": text,
            "sha256": digest,
            "n_chars": len(text),
            "is_case": art["is_case"],
            "borderline": art.get("borderline", False),
        }
        if art["is_case"]:
            perps = art.get("perpetrators", [])
            charges = art.get("charges", [])
            for p in perps:
                assert p["name"] in text, (art["path"], p["name"])
            for c in charges:
                assert c["as_written"] in text, (art["path"], c["as_written"])
            jur = {"country": None, "admin1": None, "city": None, "court_or_agency": []}
            jur.update(art.get("jurisdiction", {}))
            rec.update(
                {
                    "perpetrators": [
                        {
                            "name": p["name"],
                            "status": p["status"],
                            "nationality": p.get("nationality"),
                            "age": p.get("age"),
                        }
                        for p in perps
                    ],
                    "charges": charges,
                    "jurisdiction": jur,
                    "related_jurisdictions": art.get("related", []),
                    "victims_count": art.get("victims_count"),
                    "event_date": art.get("event_date"),
                    "named_accused": bool(perps),
                    "case_categories": sorted(
                        {c["category"] for c in charges if c["category"] != "other"}
                    ),
                    "country": jur["country"],
                }
            )
        else:
            rec["reason"] = art["reason"]
            rec["country"] = art.get("country")
        for name in art.get("victims", []):
            assert name in text, (art["path"], name)
        rec["victim_names"] = art.get("victims", [])
        rec["split"] = split
        rec["notes"] = art.get("notes")
        rec["annotator"] = "s26"
        rec["selector"] = sel
        by_lang.setdefault(art["lang"], []).append(rec)

        where = art["path"] + (f"#{sel['row']}" if "row" in sel else "")
        if where in existing:
            continue
        topical = art["is_case"] or art.get("topic", False)
        rel.setdefault(f"{art['lang']}_{REPOS[repo]['relevance']}", []).append(
            {
                "language": art["lang"],
                "label": "trafficking" if topical else "negative",
                "kind": (
                    "case_report"
                    if art["is_case"]
                    else "trafficking_related"
                    if topical
                    else "hard_negative"
                ),
                "text": text,
                "where": where,
                "repo": repo,
                "commit": commit,
                "url": art.get("url"),
            }
        )
    for lang, recs in by_lang.items():
        ids = [r["id"] for r in recs]
        assert len(ids) == len(set(ids)), "duplicate record"
        with (OUT / f"{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for r in recs:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for name, rows in rel.items():
        with (REL / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    for lang, recs in sorted(by_lang.items()):
        cases = [r for r in recs if r["is_case"]]
        print(
            f"{lang}: {len(recs)} records, {len(cases)} case reports "
            f"({sum(r['named_accused'] for r in cases)} naming the accused), "
            f"{len(recs) - len(cases)} negatives; outlets "
            + ", ".join(
                f"{s}={sum(r['source'] == s for r in recs)}/{SPLITS[s]}"
                for s in sorted({r["source"] for r in recs})
            )
            + f"; test case reports {sum(r['split'] == 'test' for r in cases)}/{len(cases)}"
        )


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/.mirror"))
