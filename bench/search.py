"""Search at scale: indexing throughput and query latency, SQLite FTS5 against Elasticsearch.

Generates case documents (`IndexDoc`) deterministically until they hold N perpetrator mentions
(the sum of their `names`). Names come from the given and family names of nine regions
(`tipwatch.screening.evalset.REGIONS`), mostly the region of the case's country. Each document
also gets 20 countries, 90 outlets, legal statuses, charge categories, review statuses, dates over
five years, a language and an English-like body of 100-300 words. The words are drawn Zipf-wise
from news vocabulary plus 20,000 made-up rare words. Generated data only, no real people.

For each backend and size:
- indexing: bulk writes of 500 documents through the backend's `upsert`, plus a final refresh
  for Elasticsearch. Only the write calls are timed, not the generation. Index size on disk.
- FTS5: the shipped `Fts5Index.upsert` (keyed by rowid since this benchmark found the first
  version scanning the table per document: 168 docs/s after 10k documents).
- latency over `--queries` queries, in four kinds, shuffled: `name` (an indexed name, a quarter
  with one letter dropped and a quarter with the diacritics removed); `name_country` (a name plus
  the country filter); `text_filters` (one news word, a status filter and a 12-month date range);
  `facets` (a family name and a 12-month range, all six facet fields). 100 warm-up queries of
  another seed run first, uncounted. Separately, `facets_all` runs facets over every document 3
  times. `hit%` is the share of queries with at least one hit. Neither backend does fuzzy
  matching, so typos miss.

Elasticsearch: `--es-url` to use a running node, or the script starts its own with
`scripts/search-node start` (port `--es-port`, 9270; heap `--es-heap`, 1g; a directory of its own)
and stops it at the end. Indices use a per-run prefix and are deleted afterwards.

Usage: .venv/bin/python -m bench.search [--sizes 100000,1000000] [--backends fts5,es]
       [--queries 500] [--es-url URL] [--json [PATH]]
Progress goes to stderr. The figures table, or with --json the JSON, goes to stdout.
Asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import math
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tipwatch.index.base import IndexDoc, SearchIndex, SearchQuery
from tipwatch.index.fts5 import Fts5Index
from tipwatch.logs import configure as configure_logs
from tipwatch.screening.evalset import REGIONS

SEED = 20260707
BATCH = 500
WARMUP = 100
FACETS_ALL_RUNS = 3
ROOT = Path(__file__).resolve().parents[1]

# country -> (region of most names, languages of its outlets, outlets)
COUNTRIES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "IN": ("south_asia", ("en", "hi"), 7),
    "NP": ("south_asia", ("en", "ne"), 4),
    "BD": ("south_asia", ("en", "bn"), 4),
    "EG": ("arab_world", ("ar", "en"), 4),
    "JO": ("arab_world", ("ar",), 4),
    "AE": ("arab_world", ("en", "ar"), 4),
    "NG": ("west_africa", ("en",), 7),
    "GH": ("west_africa", ("en",), 4),
    "KE": ("east_africa", ("en", "sw"), 5),
    "ET": ("east_africa", ("en", "am"), 4),
    "PH": ("south_east_asia", ("en", "fil"), 5),
    "ID": ("south_east_asia", ("id",), 4),
    "TH": ("south_east_asia", ("th", "en"), 4),
    "VN": ("vietnam", ("vi",), 4),
    "MX": ("latin_america", ("es",), 5),
    "CO": ("latin_america", ("es",), 4),
    "UA": ("eastern_europe", ("uk", "ru"), 4),
    "RO": ("eastern_europe", ("ro",), 4),
    "PL": ("eastern_europe", ("pl",), 4),
    "CN": ("china", ("zh", "en"), 4),
}
LEGAL_STATUSES = (
    ("arrested", 30),
    ("charged", 25),
    ("convicted", 12),
    ("sentenced", 15),
    ("wanted", 8),
    ("acquitted", 5),
    ("discharged", 5),
)
CHARGES = (
    ("sex_trafficking", 40),
    ("labour_trafficking", 25),
    ("child_trafficking", 15),
    ("migrant_smuggling", 12),
    ("organ_trafficking", 2),
    ("other", 6),
)
REVIEW_STATUSES = (("pending", 50), ("accepted", 40), ("rejected", 10))
NAMES_PER_DOC = ((1, 45), (2, 30), (3, 15), (4, 10))
START = date(2021, 1, 1)
DAYS = (date(2025, 12, 31) - START).days


# Roughly by frequency in court and crime reporting: function words first, then news words.
def _w(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = _w(
    "the of and to in a was for on that by with said he she from at were is who his her had "
    "has have been after an they it their as are be which also not police this but or would "
    "them its into about over two three more than one when while before during under"
)
NEWS_WORDS = _w(
    "court trafficking victims arrested accused case sentenced years prison officers charged "
    "women children girls boys suspects investigation human smuggling judge prosecutors "
    "hearing trial convicted allegedly recruited promised jobs abroad border network syndicate "
    "brothel exploitation forced labour rescued raid operation authorities ministry agency "
    "recruitment passports visas documents debt bondage wages factory farm fishing vessel "
    "domestic workers migrants smugglers ransom bail remanded custody magistrate tribunal "
    "appeal acquitted discharged fine imprisonment testimony witness evidence statement "
    "complaint family parents village district province capital city airport bus truck "
    "shelter counselling ngo activists survivors minors teenagers marriage online social "
    "media advertisements payment money laundering bank accounts transferred cash organ "
    "kidney hospital surgeon transplant donors clinic embassy consulate deported repatriated "
    "immigration checkpoint highway coast boat sea desert camp detained interpol extradition "
    "warrant fugitive wanted ringleader accomplices gang members cartel coerced "
    "threatened beaten confined locked abused sexually massage parlour hotel nightclub "
    "karaoke bar escort construction plantation mine brick kiln garment textile quarry "
    "begging street vendors orphanage adoption surrogacy scheme fraud scam compound "
    "cyber call centre casino telecom"
)
SYLLABLES = _w("ka lo mi ra ten su var do ne pi sha tor be lin qua ze mo rak tu fe")
MADE_UP_WORDS = 20_000
ZIPF_S = 1.07
TYPO_SHARE, PLAIN_SHARE = 0.25, 0.25


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def strip_accents(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in nfkd if not unicodedata.combining(c)))


def vocabulary() -> tuple[list[str], list[float]]:
    """Words by rank and their cumulative Zipf weights (real words first, made-up ones after)."""
    rng = random.Random(SEED)
    made_up: list[str] = []
    seen = set(FUNCTION_WORDS) | set(NEWS_WORDS)
    while len(made_up) < MADE_UP_WORDS:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            made_up.append(word)
    words = FUNCTION_WORDS + NEWS_WORDS + made_up
    cum = list(itertools.accumulate(1.0 / (r**ZIPF_S) for r in range(1, len(words) + 1)))
    return words, cum


@dataclass
class Corpus:
    """Generated case documents up to `mentions` perpetrator mentions; the same on every pass."""

    mentions: int
    seed: int = SEED
    sample_size: int = 4000
    docs_made: int = 0
    mentions_made: int = 0
    # (name, country) pairs reservoir-sampled over the whole corpus during the last full pass
    sample: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.words, self.cum = vocabulary()
        rng = random.Random(self.seed)
        self.outlets: list[tuple[str, str, tuple[str, ...]]] = []
        for cc, (_, langs, n) in COUNTRIES.items():
            for k in range(n):
                self.outlets.append((f"{cc.lower()}-news-{k:02d}", cc, langs))
        rng.shuffle(self.outlets)

    def _name(self, rng: random.Random, region: str) -> str:
        given, family = REGIONS[region]
        parts = rng.sample(given, 2 if rng.random() < 0.3 else 1)
        return " ".join([*parts, rng.choice(family)])

    def docs(self) -> Iterator[IndexDoc]:
        rng = random.Random(self.seed)
        sampler = random.Random(self.seed + 1)
        regions = list(REGIONS)
        countries = list(COUNTRIES)
        self.docs_made = self.mentions_made = 0
        self.sample = []
        seen = 0
        while self.mentions_made < self.mentions:
            i = self.docs_made
            source_id, outlet_country, langs = self.outlets[rng.randrange(len(self.outlets))]
            country = outlet_country if rng.random() < 0.85 else rng.choice(countries)
            region = COUNTRIES[country][0]
            n_names = min(_weighted(rng, NAMES_PER_DOC), self.mentions - self.mentions_made)
            names = [
                self._name(rng, region if rng.random() < 0.8 else rng.choice(regions))
                for _ in range(n_names)
            ]
            statuses = [_weighted(rng, LEGAL_STATUSES) for _ in names]
            charges = sorted({_weighted(rng, CHARGES) for _ in range(rng.choice((1, 1, 2)))})
            day = START + timedelta(days=rng.randrange(DAYS + 1))
            body_words = rng.choices(self.words, cum_weights=self.cum, k=rng.randint(100, 300))
            for name in names:  # the names appear in the text, as in a real report
                body_words.insert(rng.randrange(len(body_words) + 1), name)
            title_words = rng.choices(NEWS_WORDS, k=rng.randint(4, 9))
            title = f"{names[0]} {statuses[0]} in {' '.join(title_words)}"
            doc_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            for name in names:
                seen += 1
                if len(self.sample) < self.sample_size:
                    self.sample.append((name, country))
                else:
                    j = sampler.randrange(seen)
                    if j < self.sample_size:
                        self.sample[j] = (name, country)
            self.docs_made += 1
            self.mentions_made += len(names)
            yield IndexDoc(
                doc_id=doc_id,
                doc_type="case",
                title=title,
                names=names,
                statuses=statuses,
                body=" ".join(body_words),
                country=country,
                country_of_publication=outlet_country,
                source_id=source_id,
                charge_categories=charges,
                review_status=_weighted(rng, REVIEW_STATUSES),
                publish_date=day.isoformat(),
                url=f"https://{source_id}.example/{day:%Y/%m}/case-{i}",
                language=rng.choice(langs),
            )

    def batches(self, size: int = BATCH) -> Iterator[list[IndexDoc]]:
        it = self.docs()
        while batch := list(itertools.islice(it, size)):
            yield batch


# --- queries ---------------------------------------------------------------------------------


def _typo(name: str, rng: random.Random) -> str:
    tokens = name.split()
    k = max(range(len(tokens)), key=lambda t: len(tokens[t]))
    tok = tokens[k]
    if len(tok) > 3:
        cut = rng.randrange(1, len(tok))
        tokens[k] = tok[:cut] + tok[cut + 1 :]
    return " ".join(tokens)


def _year_window(rng: random.Random) -> tuple[date, date]:
    start = START + timedelta(days=rng.randrange(DAYS - 365))
    return start, start + timedelta(days=364)


def make_queries(corpus: Corpus, n: int, seed: int = SEED + 2) -> list[tuple[str, SearchQuery]]:
    """`n` queries, a quarter of each kind, shuffled; built from the corpus's name sample."""
    rng = random.Random(seed)
    statuses = [s for s, _ in LEGAL_STATUSES]
    query_words = NEWS_WORDS
    out: list[tuple[str, SearchQuery]] = []
    for k in range(n):
        kind = ("name", "name_country", "text_filters", "facets")[k % 4]
        name, country = rng.choice(corpus.sample)
        if kind == "name":
            r = rng.random()
            if r < TYPO_SHARE:
                name = _typo(name, rng)
            elif r < TYPO_SHARE + PLAIN_SHARE:
                name = strip_accents(name)
            out.append((kind, SearchQuery(text=name)))
        elif kind == "name_country":
            out.append((kind, SearchQuery(text=name, country=country)))
        elif kind == "text_filters":
            lo, hi = _year_window(rng)
            q = SearchQuery(
                text=rng.choice(query_words), status=rng.choice(statuses), date_from=lo, date_to=hi
            )
            out.append((kind, q))
        else:
            lo, hi = _year_window(rng)
            out.append((kind, SearchQuery(text=name.split()[-1], date_from=lo, date_to=hi)))
    rng.shuffle(out)
    return out


def queries_for(
    corpus: Corpus, n: int
) -> tuple[list[tuple[str, SearchQuery]], list[tuple[str, SearchQuery]]]:
    """The measured queries and a separate warm-up set (not counted, not repeated after)."""
    return make_queries(corpus, n), make_queries(corpus, WARMUP, seed=SEED + 3)


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def _summary(times: list[float], hits: list[bool]) -> dict[str, float]:
    s = sorted(times)
    return {
        "n": len(s),
        "p50_ms": round(percentile(s, 0.50) * 1000, 2),
        "p95_ms": round(percentile(s, 0.95) * 1000, 2),
        "p99_ms": round(percentile(s, 0.99) * 1000, 2),
        "hit_pct": round(100 * sum(hits) / len(hits), 1) if hits else 0.0,
    }


def measure_queries(
    index: SearchIndex,
    queries: list[tuple[str, SearchQuery]],
    warmup: list[tuple[str, SearchQuery]],
) -> dict[str, Any]:
    def run(kind: str, q: SearchQuery) -> bool:
        if kind == "facets":
            return any(index.facets(q)["country"].values())
        return bool(index.search(q))

    for kind, q in warmup:
        run(kind, q)
    times: dict[str, list[float]] = {}
    hits: dict[str, list[bool]] = {}
    for kind, q in queries:
        t0 = time.perf_counter()
        hit = run(kind, q)
        times.setdefault(kind, []).append(time.perf_counter() - t0)
        hits.setdefault(kind, []).append(hit)
    latency = {k: _summary(times[k], hits[k]) for k in sorted(times)}
    latency["all"] = _summary(
        [t for v in times.values() for t in v], [h for v in hits.values() for h in v]
    )
    facets_all = []
    for _ in range(FACETS_ALL_RUNS):
        t0 = time.perf_counter()
        index.facets(SearchQuery())
        facets_all.append(round((time.perf_counter() - t0) * 1000, 1))
    return {"latency": latency, "facets_all_ms": facets_all}


# --- loading ---------------------------------------------------------------------------------


@dataclass
class Load:
    docs: int = 0
    mentions: int = 0
    seconds: float = 0.0
    batch_rates: list[float] = field(default_factory=list)  # docs/s of each batch
    capped: bool = False


def load(
    corpus: Corpus, write: Callable[[list[IndexDoc]], object], budget: float | None = None
) -> Load:
    """Write the corpus in batches, timing only `write`; stop early after `budget` seconds."""
    out = Load()
    for batch in corpus.batches():
        t0 = time.perf_counter()
        write(batch)
        dt = time.perf_counter() - t0
        out.seconds += dt
        out.docs += len(batch)
        out.mentions += sum(len(d.names) for d in batch)
        out.batch_rates.append(len(batch) / dt)
        if out.docs % 20_000 == 0:
            progress(f"  {out.docs} docs, {out.docs / out.seconds:.0f} docs/s")
        if budget is not None and out.seconds >= budget:
            out.capped = True
            break
    return out


def _rates(ld: Load) -> dict[str, Any]:
    return {
        "docs": ld.docs,
        "mentions": ld.mentions,
        "index_s": round(ld.seconds, 2),
        "docs_per_s": round(ld.docs / ld.seconds, 1),
        "mentions_per_s": round(ld.mentions / ld.seconds, 1),
    }


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- SQLite FTS5 -----------------------------------------------------------------------------


def file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run_fts5(corpus: Corpus, queries_n: int, tmp: Path) -> dict[str, Any]:
    result: dict[str, Any] = {"backend": "fts5", "target_mentions": corpus.mentions}
    path = tmp / f"fts5-{corpus.mentions}.db"
    ix = Fts5Index(path)
    progress(f"fts5 {corpus.mentions}: Fts5Index.upsert of the whole corpus")
    full = load(corpus, ix.upsert)
    result.update(_rates(full))
    first = sum(full.batch_rates[:2]) / max(1, len(full.batch_rates[:2]))
    result["first_batches_docs_per_s"] = round(first, 1)
    result["last_batch_docs_per_s"] = round(full.batch_rates[-1], 1)
    if ix.count() != full.docs:
        raise SystemExit(f"fts5 holds {ix.count()} documents, {full.docs} written")
    ix._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    result["size_mb"] = round(file_bytes(path) / 1e6, 1)
    progress(f"fts5 {corpus.mentions}: {queries_n} queries")
    result.update(measure_queries(ix, *queries_for(corpus, queries_n)))
    ix.close()
    for p in tmp.glob(path.name + "*"):
        p.unlink()
    return result


# --- Elasticsearch ---------------------------------------------------------------------------


class SearchNode:
    """A node of our own, started through scripts/search-node on its own port and directory."""

    def __init__(self, port: int, heap: str) -> None:
        self.env = {
            **os.environ,
            "SEARCH_NODE_PORT": str(port),
            "SEARCH_NODE_HEAP": heap,
            "SEARCH_NODE_DIR": str(Path(tempfile.gettempdir()) / f"tipwatch-bench-search-{port}"),
        }
        self.started = False

    def start(self) -> str:
        progress(f"starting a search node on port {self.env['SEARCH_NODE_PORT']} ...")
        out = subprocess.run(
            [str(ROOT / "scripts" / "search-node"), "start"],
            env=self.env,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
            timeout=600,
        )
        self.started = True
        return out.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                [str(ROOT / "scripts" / "search-node"), "stop"], env=self.env, check=False
            )
            self.started = False


def es_info(url: str) -> dict[str, Any]:
    from elasticsearch import Elasticsearch

    es = Elasticsearch(url, request_timeout=30)
    try:
        info = es.info()
        node = next(iter(es.nodes.info(metric="os,jvm")["nodes"].values()))
        return {
            "version": info["version"]["number"],
            "heap_mb": round(node["jvm"]["mem"]["heap_max_in_bytes"] / 2**20),
            "node_cpus": node["os"].get("allocated_processors"),
        }
    finally:
        es.close()


def run_es(corpus: Corpus, queries_n: int, url: str, run_id: str) -> dict[str, Any]:
    from elasticsearch import Elasticsearch

    from tipwatch.index.elastic import ElasticIndex

    result: dict[str, Any] = {"backend": "es", "target_mentions": corpus.mentions}
    ix = ElasticIndex(url, prefix=f"bench-{run_id}-{corpus.mentions}")
    es = Elasticsearch(url, request_timeout=60)  # for index stats only
    try:
        progress(f"es {corpus.mentions}: bulk upsert of the whole corpus")
        full = load(corpus, ix.upsert)
        t0 = time.perf_counter()
        ix.refresh()
        full.seconds += time.perf_counter() - t0
        result.update(_rates(full))
        n = ix.count()
        if n != full.docs:
            raise SystemExit(f"es holds {n} documents, {full.docs} written")
        stats = es.indices.stats(index=ix.alias, metric="store,segments")
        prim = stats["_all"]["primaries"]
        result["size_mb"] = round(prim["store"]["size_in_bytes"] / 1e6, 1)
        result["segments"] = prim["segments"]["count"]
        progress(f"es {corpus.mentions}: {queries_n} queries")
        result.update(measure_queries(ix, *queries_for(corpus, queries_n)))
    finally:
        ix.clear()
        ix.close()
        es.close()
    return result


# --- report ----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpus": os.cpu_count(),
        "ram_gb": round(mem_gb, 1),
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def table(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"machine: {m['cpus']} CPUs, {m['ram_gb']} GB RAM, Python {m['python']}, "
        f"SQLite {m['sqlite']}; load average {m['load_avg_start']} at start, "
        f"{m.get('load_avg_end')} at end (other work on the machine shares its CPUs)",
    ]
    if "es" in report:
        e = report["es"]
        lines.append(
            f"elasticsearch: {e['version']} at {e['url']} ({e['how']}), heap {e['heap_mb']} MiB, "
            f"{e['node_cpus']} processors"
        )
    lines += [
        "",
        "indexing (batches of 500; ES includes the final refresh)",
        f"{'backend':<22}{'mentions':>10}{'docs':>9}{'seconds':>9}{'docs/s':>9}"
        f"{'mentions/s':>12}{'size MB':>9}",
    ]
    for r in report["results"]:
        label = "fts5 upsert" if r["backend"] == "fts5" else "es bulk upsert"
        trend = ""
        if "first_batches_docs_per_s" in r:
            trend = (
                f"  {r['first_batches_docs_per_s']:.0f} -> {r['last_batch_docs_per_s']:.0f} docs/s"
            )
        lines.append(
            f"{label:<22}{r['mentions']:>10}{r['docs']:>9}{r['index_s']:>9}{r['docs_per_s']:>9}"
            f"{r['mentions_per_s']:>12}{r['size_mb']:>9}{trend}"
        )
    lines += [
        "",
        "search latency, ms (p50 / p95 / p99; hit% = queries with at least one hit)",
        f"{'backend':<8}{'mentions':>10}  {'kind':<14}{'n':>5}{'p50':>9}{'p95':>9}{'p99':>9}"
        f"{'hit%':>7}",
    ]
    for r in report["results"]:
        for kind, s in r["latency"].items():
            lines.append(
                f"{r['backend']:<8}{r['target_mentions']:>10}  {kind:<14}{s['n']:>5}"
                f"{s['p50_ms']:>9}{s['p95_ms']:>9}{s['p99_ms']:>9}{s['hit_pct']:>7}"
            )
        lines.append(
            f"{r['backend']:<8}{r['target_mentions']:>10}  {'facets_all':<14}"
            f"{len(r['facets_all_ms']):>5}  runs: {', '.join(map(str, r['facets_all_ms']))}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="perpetrator mentions")
    parser.add_argument("--backends", default="fts5,es")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--es-url", default=None, help="a running node; default: start one")
    parser.add_argument("--es-port", type=int, default=9270)
    parser.add_argument("--es-heap", default="1g")
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        default=None,
        metavar="PATH",
        help="print JSON instead of the table; with PATH, write JSON there and print the table",
    )
    args = parser.parse_args()
    configure_logs(level=logging.WARNING)  # to stderr: stdout holds only the figures
    sizes = [int(s) for s in args.sizes.split(",") if s]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"fts5", "es"}
    if unknown:
        parser.error(f"unknown backends: {sorted(unknown)} (fts5, es)")
    run_id = f"{os.getpid()}-{int(time.time())}"
    report: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "seed": SEED,
        "results": [],
    }
    t_start = time.perf_counter()
    node: SearchNode | None = None
    try:
        url = args.es_url
        if "es" in backends:
            if url is None:
                node = SearchNode(args.es_port, args.es_heap)
                url = node.start()
            report["es"] = {
                "url": url,
                "how": "started by bench" if node else "--es-url",
                **es_info(url),
            }
        with tempfile.TemporaryDirectory(prefix="tipwatch-bench-search-") as tmp_name:
            tmp = Path(tmp_name)
            for size in sizes:
                for backend in backends:
                    t0 = time.perf_counter()
                    corpus = Corpus(mentions=size)
                    if backend == "fts5":
                        r = run_fts5(corpus, args.queries, tmp)
                    else:
                        assert url is not None
                        r = run_es(corpus, args.queries, url, run_id)
                    r["wall_s"] = round(time.perf_counter() - t0, 1)
                    report["results"].append(r)
                    progress(f"{backend} {size}: done in {r['wall_s']} s")
    finally:
        if node is not None:
            node.stop()
    report["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    report["total_s"] = round(time.perf_counter() - t_start, 1)
    if args.json == "-":
        print(json.dumps(report, indent=2))
    else:
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2) + "\n", "utf-8")
        print(table(report))
        print(f"\ntotal {report['total_s']} s; {report['date']}")


if __name__ == "__main__":
    main()
