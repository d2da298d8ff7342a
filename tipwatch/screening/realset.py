"""Real name-variant and different-person pairs for screening evaluation.

Source: EveryPolitician's per-legislature `names.csv` files (everypolitician/everypolitician-data,
CC0), copied through the research tool's file reader; `corpus/everypolitician/PROVENANCE.jsonl`
names the repository path and commit of each file. Each file lists every name - in any script,
as Wikidata, Wikipedia and the parliament's own lists spell it - under which one politician is
known, with one id per person: real spellings of one person across scripts, transliterations,
word orders, honorifics, dropped and extra name parts, and real different people with close names
in the same country. None of the sources reserved for independent evaluation (OFAC, UN lists,
nomenklatura's name_bench, yente's fixtures, rigour's putin_names, NETransliteration,
thai_romanization) is used.

How the set is made (deterministic, no randomness but a hash of the person id):
- Each person gets one indexed name (the gallery entry): a Latin-script name when there is one,
  else the first name in the file; for a third of the people with names in another script too,
  the other-script name is indexed instead, so that both directions are tested (a Latin query
  against an index in Arabic script, and the reverse).
- Every other name of an indexed person is a query that must find that person (a mate query),
  at most `MAX_QUERIES_PER_PERSON` per person. Its kind says how it differs from the indexed name.
- One person in `HOLDOUT_EVERY` is held out of the gallery; their name is a non-mate query, kept
  when the gallery holds someone with a close name (a shared name part), and skipped, counted,
  when the gallery holds the very same name (a namesake screening cannot tell apart, or the same
  person listed twice).
- Persons split into `dev` and `test` by a hash of their id: tune on dev, the gate reads test.

Entries the copy cannot use are skipped with a reason (`skipped`): wiki markup, digits, a lone
lowercase word.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tipwatch.domain.names import script_of
from tipwatch.screening.names import analyse, blocking_keys

CORPUS = Path(__file__).resolve().parent / "corpus" / "everypolitician"
MAX_QUERIES_PER_PERSON = 6
HOLDOUT_EVERY = 7

# File prefix -> (ISO country code, name culture reported).
COUNTRIES: dict[str, tuple[str, str]] = {
    "Afghanistan": ("AF", "persian"),
    "Algeria": ("DZ", "arabic"),
    "Bahrain": ("BH", "arabic"),
    "Bangladesh": ("BD", "bengali"),
    "Bhutan": ("BT", "bhutanese"),
    "Cambodia": ("KH", "khmer"),
    "China": ("CN", "chinese"),
    "Egypt": ("EG", "arabic"),
    "Ethiopia": ("ET", "ethiopian"),
    "Ghana": ("GH", "west_african"),
    "Hong_Kong": ("HK", "chinese"),
    "India": ("IN", "indian"),
    "Indonesia": ("ID", "malay_indonesian"),
    "Iran": ("IR", "persian"),
    "Iraq": ("IQ", "arabic"),
    "Japan": ("JP", "japanese"),
    "Jordan": ("JO", "arabic"),
    "Kenya": ("KE", "east_african"),
    "Kuwait": ("KW", "arabic"),
    "Lebanon": ("LB", "arabic"),
    "Malaysia": ("MY", "malay_indonesian"),
    "Maldives": ("MV", "maldivian"),
    "Mongolia": ("MN", "mongolian"),
    "Morocco": ("MA", "arabic"),
    "Myanmar": ("MM", "burmese"),
    "Nepal": ("NP", "nepali"),
    "Nigeria": ("NG", "west_african"),
    "Pakistan": ("PK", "pakistani"),
    "Philippines": ("PH", "filipino"),
    "Russia": ("RU", "slavic"),
    "Saudi_Arabia": ("SA", "arabic"),
    "South_Korea": ("KR", "korean"),
    "Sri_Lanka": ("LK", "sri_lankan"),
    "Taiwan": ("TW", "chinese"),
    "Thailand": ("TH", "thai"),
    "Tunisia": ("TN", "arabic"),
    "Ukraine": ("UA", "slavic"),
    "Vietnam": ("VN", "vietnamese"),
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Scripts a country's own people write their names in (besides Latin). A name in another script
# is a foreign transcription (a Cambodian minister's name in Chinese or Japanese press): reported
# apart, as `transcribed:<script>`, since it is a harder and rarer case for screening than a
# name in its own script.
NATIVE_SCRIPTS: dict[str, frozenset[str]] = {
    "AF": frozenset({"arabic"}),
    "BD": frozenset({"bengali"}),
    "BT": frozenset({"tibetan"}),
    "CN": frozenset({"han"}),
    "ET": frozenset({"ethiopic"}),
    "HK": frozenset({"han"}),
    "IN": frozenset(
        {"devanagari", "bengali", "tamil", "telugu", "kannada", "malayalam", "gujarati",
         "gurmukhi", "oriya", "arabic"}
    ),
    "JP": frozenset({"han", "kana"}),
    "KH": frozenset({"khmer"}),
    "KR": frozenset({"hangul", "han"}),
    "LK": frozenset({"sinhala", "tamil"}),
    "MM": frozenset({"myanmar"}),
    "MN": frozenset({"cyrillic", "mongolian"}),
    "MV": frozenset({"thaana"}),
    "NP": frozenset({"devanagari"}),
    "PK": frozenset({"arabic"}),
    "RU": frozenset({"cyrillic"}),
    "TH": frozenset({"thai"}),
    "TW": frozenset({"han"}),
    "UA": frozenset({"cyrillic"}),
    **{c: frozenset({"arabic"}) for c in ("DZ", "BH", "EG", "IR", "IQ", "JO", "KW", "LB", "MA",
                                         "SA", "TN")},
}  # fmt: skip

# Honorifics and titles seen in parliaments' own lists; a query carrying one is of kind
# `honorific` (the matcher is expected to ignore the title, not to know this list).
TITLES = _words(
    "shri smt smt. shrimati sri dr dr. prof prof. capt capt. col col. maulana kunwar km km. "
    "hon hon. honourable honorable mr mr. mrs mrs. ms ms. engr engr. alhaji alh alh. chief "
    "sen sen. rep rep. datuk dato dato' datuk' tan sri tun haji hajjah sheikh shaikh sayed "
    "syed seyed sayyid mullah hojatoleslam ayatollah hajj haj rt rt. adv adv. sir dame lt "
    "gen gen. maj maj. brig brig. h.e. he"
)

_JUNK = re.compile(r"[|<>{}\[\]=@#0-9]")


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


@dataclass(frozen=True)
class Person:
    id: str
    country: str
    culture: str
    names: tuple[str, ...]

    @property
    def split(self) -> str:
        return "dev" if _h("split:" + self.id) % 2 == 0 else "test"

    @property
    def held_out(self) -> bool:
        return _h("holdout:" + self.id) % HOLDOUT_EVERY == 0


@dataclass(frozen=True)
class RealQuery:
    text: str
    expected: str | None  # person id, or None for a non-mate query
    kind: str
    culture: str
    script: str
    split: str
    near: str | None = None  # non-mate: the closest gallery name


@dataclass
class RealSet:
    gallery: dict[str, str]  # person id -> indexed name
    queries: list[RealQuery]
    persons: int
    skipped: Counter[str] = field(default_factory=Counter)
    fingerprint: str = ""


def _clean(raw: str, skipped: Counter[str]) -> list[str]:
    out: list[str] = []
    for part in raw.split("<br />"):
        name = " ".join(part.split())
        if not name:
            continue
        if _JUNK.search(name):
            skipped["markup_or_digits"] += 1
            continue
        if (
            " " not in name
            and "," not in name
            and name == name.lower()
            and script_of(name) == "latin"
        ):
            skipped["lowercase_single_word"] += 1
            continue
        if not analyse(name).tokens:
            skipped["no_name_tokens"] += 1
            continue
        out.append(name)
    return out


def provenance(corpus: Path = CORPUS) -> dict[str, dict[str, object]]:
    """The provenance line of each copied file, by file name (`<Country>__<Legislature>.csv`
    for `data/<Country>/<Legislature>/names.csv`)."""
    out: dict[str, dict[str, object]] = {}
    path = corpus / "PROVENANCE.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            parts = str(entry["path"]).split("/")
            out[f"{parts[1]}__{parts[2]}.csv"] = entry
    return out


def load_persons(corpus: Path = CORPUS) -> tuple[list[Person], Counter[str]]:
    skipped: Counter[str] = Counter()
    persons: list[Person] = []
    known = provenance(corpus)
    for path in sorted(corpus.glob("*.csv")):
        if path.name not in known:
            raise ValueError(f"{path.name}: no line in {corpus / 'PROVENANCE.jsonl'}")
        prefix = path.name.split("__", 1)[0]
        if prefix not in COUNTRIES:
            raise ValueError(f"{path.name}: no country for {prefix!r} in realset.COUNTRIES")
        country, culture = COUNTRIES[prefix]
        names: dict[str, list[str]] = {}
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                pid = (row.get("id") or "").strip()
                if not pid:
                    skipped["no_id"] += 1
                    continue
                for name in _clean(row.get("name") or "", skipped):
                    bucket = names.setdefault(f"{country}:{pid}", [])
                    if name not in bucket:
                        bucket.append(name)
        persons.extend(Person(pid, country, culture, tuple(ns)) for pid, ns in names.items() if ns)
    return persons, skipped


def _is_titled(name: str) -> bool:
    words = [w.strip(",.").casefold() for w in name.replace(",", " ").split()]
    return any(w in TITLES or w + "." in TITLES for w in words)


def _indexed_name(person: Person) -> str:
    latin = [n for n in person.names if script_of(n) == "latin"]
    other = [n for n in person.names if script_of(n) != "latin"]
    plain = [n for n in latin if "," not in n and not _is_titled(n)]
    if other and latin and _h("index-script:" + person.id) % 3 == 0:
        return other[0]
    if plain:
        return plain[0]
    return latin[0] if latin else person.names[0]


def kind_of(query: str, indexed: str, country: str = "") -> str:
    """How a query differs from the indexed name of the same person: `script:<s>` (the query in
    the person's own script <s>, the index in another), `from_script:<s>` (a Latin query, the
    index in <s>), `transcribed:<s>` / `from_transcribed:<s>` (a foreign script), or within one
    script: honorific, order, joined_split, initials, dropped_part, extra_part, spelling."""
    qs, is_ = script_of(query), script_of(indexed)
    if qs != is_:
        other = qs if qs != "latin" else is_
        kind = "script" if other in NATIVE_SCRIPTS.get(country, frozenset()) else "transcribed"
        return f"{kind}:{other}" if qs != "latin" else f"from_{kind}:{other}"
    if _is_titled(query) and not _is_titled(indexed):
        return "honorific"
    q = [t.form for t in analyse(query).tokens]
    c = [t.form for t in analyse(indexed).tokens]
    if q == c:
        return "same"
    if sorted(q) == sorted(c):
        return "order"
    if "".join(sorted(q)) == "".join(sorted(c)) or "".join(q) == "".join(c):
        return "joined_split"
    qset, cset = set(q), set(c)
    if any(len(t) == 1 for t in q) or any(len(t) == 1 for t in c):
        return "initials"
    if qset < cset:
        return "dropped_part"
    if cset < qset:
        return "extra_part"
    return "spelling"


@lru_cache(maxsize=1)
def build(corpus: Path = CORPUS) -> RealSet:
    persons, skipped = load_persons(corpus)
    gallery: dict[str, str] = {}
    queries: list[RealQuery] = []
    held: list[Person] = []
    for p in persons:
        if p.held_out:
            held.append(p)
            continue
        indexed = _indexed_name(p)
        gallery[p.id] = indexed
        others = [n for n in p.names if n != indexed]
        others.sort(key=lambda n: _h(p.id + n))
        if len(others) > MAX_QUERIES_PER_PERSON:
            skipped["over_queries_per_person"] += len(others) - MAX_QUERIES_PER_PERSON
        for name in others[:MAX_QUERIES_PER_PERSON]:
            kind = kind_of(name, indexed, p.country)
            if kind == "same":
                # Case, punctuation or accents only: the same tokens, no test of matching.
                skipped["same_tokens_as_indexed"] += 1
                continue
            queries.append(RealQuery(name, p.id, kind, p.culture, script_of(name), p.split))
    keys: dict[str, set[str]] = {}
    comparable: dict[str, set[str]] = {}
    for pid, name in gallery.items():
        for key in blocking_keys(name):
            keys.setdefault(key, set()).add(pid)
        comparable.setdefault(_joined(name), set()).add(pid)
    # A mate query that is, part for part, the indexed name of another person in the gallery
    # (a Ghanaian member's record listing a colleague's name among its own): the source linked
    # the name to the wrong person, and no matcher could rank the record's person first.
    # And a mate query whose person shares the indexed name, part for part, with another
    # person in the gallery (two members called Bhola Singh): by name alone the two tie, and
    # neither can be ranked first.
    kept: list[RealQuery] = []
    for q in queries:
        owners = comparable.get(_joined(q.text), set())
        if owners and q.expected not in owners:
            skipped["name_of_another_person"] += 1
            continue
        if q.expected is not None and len(comparable[_joined(gallery[q.expected])]) > 1:
            skipped["indexed_namesake"] += 1
            continue
        kept.append(q)
    queries = kept
    for p in held:
        name = _indexed_name(p)
        if any(_joined(n) in comparable for n in p.names):
            skipped["namesake_in_gallery"] += 1
            continue
        close = {
            pid
            for key in blocking_keys(name)
            if not key.startswith("p:")
            for pid in keys.get(key, set())
        }
        if not close:
            skipped["no_close_name_in_gallery"] += 1
            continue
        near = min(close, key=lambda pid: (_h(name + pid), pid))
        queries.append(
            RealQuery(
                name, None, "different_person", p.culture, script_of(name), p.split, gallery[near]
            )
        )
    fingerprint = hashlib.sha256(
        json.dumps(
            [sorted(gallery.items()), [(q.text, q.expected, q.kind) for q in queries]],
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    return RealSet(gallery, queries, len(persons), skipped, fingerprint)


def _joined(name: str) -> str:
    return "".join(sorted(t.form for t in analyse(name).tokens))
