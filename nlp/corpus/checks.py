"""Validate labels files of the extraction corpus against the texts they point at.

Every problem is reported with the record id; nothing is dropped silently. The checks are the
annotation guide's hard rules (`docs/annotation.md`): the text rebuilds to its hash, every name
and charge is copied from the text, no record comes from a repository reserved for independent
evaluation, ids and texts are unique, and no outlet sits in two splits.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tipwatch.nlp.corpus.schema import CorpusRecord, record_id, text_sha256
from tipwatch.nlp.corpus.texts import CorpusTextError, read_text
from tipwatch.nlp.langid import detect_language

# Issue 12 reserves these for independent evaluation, with the repositories cases-dev uses.
RESERVED_REPOS = frozenset(
    r.lower()
    for r in (
        "natmrubin/prosecutor-press-releases",
        "nuuuwan/lk_news",
        "nuuuwan/news_long_lk",
        "soumyadipdas37/finescoop.github.io",
        "jayxdcode/scrapy_api",
        "seutje/m05tw1nt3d",
        "DKTJONATHAN/TheReport",
        "DKTJONATHAN/thescoppekenya",
        "cyberMart1/dglitch",
        "gayathrik948/nlp_task1",
        "itscharukadeshan/sl_news_archive_data",
        "onostar/homeland-foundation",
        "wragge/trove-parliament-pressreleases",
        "Arup3201/News-Summarization-Pointer-Generator-Network",
        "berkantaydin/summarizetoday.com",
        "dalebar/viaductecho",
        "thebadely/thebadely.github.io",
        "nixworks/public",
    )
)


def squash(text: str) -> str:
    """Case-, accent- and whitespace-folded form for "is it copied from the text" checks."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class CheckReport:
    records: list[CorpusRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, object]:
        pos = [r for r in self.records if r.is_case]
        return {
            "records": len(self.records),
            "case_reports": len(pos),
            "negatives": len(self.records) - len(pos),
            "outlets": len({r.outlet for r in self.records}),
            "countries": len(
                {r.country or r.country_of_publication for r in self.records} - {None}
            ),
            "by_split": dict(Counter(r.split or "unassigned" for r in self.records)),
            "by_genre": dict(Counter(r.genre for r in self.records)),
        }


def load(paths: Iterable[Path]) -> CheckReport:
    """The records of labels files, and a problem for every line that is no valid record."""
    report = CheckReport()
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                report.records.append(CorpusRecord.model_validate(json.loads(line)))
            except (ValidationError, json.JSONDecodeError) as exc:
                first = str(exc).splitlines()
                report.problems.append(f"{path.name}:{n}: invalid record: {' '.join(first[:3])}")
    return report


def _in_text(needle: str, text: str) -> bool:
    return squash(needle) in text


def check_record(rec: CorpusRecord, text: str, report: CheckReport) -> None:
    if text_sha256(text) != rec.sha256:
        report.problems.append(f"{rec.id}: text does not match its sha256")
        return
    if len(text) != rec.n_chars:
        report.problems.append(f"{rec.id}: n_chars {rec.n_chars} != {len(text)}")
    folded = squash(text)
    for p in rec.perpetrators:
        if not _in_text(p.name, folded):
            report.problems.append(f"{rec.id}: perpetrator {p.name!r} not in the text")
    for c in rec.charges:
        if not _in_text(c.as_written, folded):
            report.problems.append(f"{rec.id}: charge {c.as_written!r} not in the text")
    # victim names are named by position only: no problem line repeats one
    for i, v in enumerate(rec.victim_names):
        if not _in_text(v, folded):
            report.problems.append(f"{rec.id}: victim_names[{i}] is not in the text")
    lang = detect_language(text[:4000])
    if lang != "en":
        report.problems.append(f"{rec.id}: text is not English (detected {lang})")


def check_labels(rec: CorpusRecord, report: CheckReport) -> None:
    """What the labels alone must satisfy: nobody is both a victim and a perpetrator."""
    accused = {squash(p.name) for p in rec.perpetrators}
    for i, v in enumerate(rec.victim_names):
        if squash(v) in accused:
            report.problems.append(f"{rec.id}: victim_names[{i}] is also listed as a perpetrator")


def check(paths: Iterable[Path], mirrors: Path | None) -> CheckReport:
    report = load(paths)
    seen_ids: Counter[str] = Counter()
    seen_sha: dict[str, str] = {}
    outlet_splits: dict[str, set[str]] = defaultdict(set)
    for rec in report.records:
        seen_ids[rec.id] += 1
        if rec.repo.lower() in RESERVED_REPOS:
            report.problems.append(f"{rec.id}: {rec.repo} is reserved for independent evaluation")
        if rec.id != record_id(rec.outlet, rec.repo, rec.path, rec.selector):
            report.problems.append(
                f"{rec.id}: id is not {record_id(rec.outlet, rec.repo, rec.path, rec.selector)}"
            )
        if rec.sha256 in seen_sha:
            report.problems.append(f"{rec.id}: same text as {seen_sha[rec.sha256]}")
        seen_sha.setdefault(rec.sha256, rec.id)
        if rec.split:
            outlet_splits[rec.outlet].add(rec.split)
        check_labels(rec, report)
        if mirrors is not None:
            try:
                text = read_text(mirrors, rec.repo, rec.commit, rec.path, rec.selector)
            except CorpusTextError as exc:
                report.problems.append(f"{rec.id}: {exc}")
                continue
            check_record(rec, text, report)
    report.problems += [f"{i}: id used {n} times" for i, n in seen_ids.items() if n > 1]
    report.problems += [
        f"outlet {o} is in splits {sorted(s)}" for o, s in outlet_splits.items() if len(s) > 1
    ]
    return report
