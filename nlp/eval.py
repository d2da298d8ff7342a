"""Score the extractor against an annotated cases.jsonl (rules of the dev set's README)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tipwatch.records import Extraction

if TYPE_CHECKING:  # the scorer and the corpus tools load without spaCy
    from tipwatch.nlp.extractor import CaseExtractor


def fold(text: str | None) -> str:
    """A name or place as the scorer compares it: no case, accents, punctuation or extra
    spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _loose(a: str | None, b: str | None) -> bool:
    na, nb = fold(a), fold(b)
    if not na or not nb:
        return na == nb
    return na == nb or na in nb or nb in na


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class EvalResult:
    n_records: int
    case: PRF = field(default_factory=PRF)
    case_all: PRF = field(default_factory=PRF)
    perpetrators: PRF = field(default_factory=PRF)
    status: Accuracy = field(default_factory=Accuracy)
    categories: PRF = field(default_factory=PRF)
    country: Accuracy = field(default_factory=Accuracy)
    admin1: Accuracy = field(default_factory=Accuracy)
    city: Accuracy = field(default_factory=Accuracy)
    victim_leaks: int = 0
    status_confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def confuse(self, gold: str, pred: str) -> None:
        row = self.status_confusion.setdefault(gold, {})
        row[pred] = row.get(pred, 0) + 1

    def figures(self) -> dict[str, float]:
        """Flat {metric: value} used by the eval gate and `--json`."""
        return {
            "case_precision": self.case.precision,
            "case_recall": self.case.recall,
            "case_f1": self.case.f1,
            "case_f1_with_borderline": self.case_all.f1,
            "perpetrator_precision": self.perpetrators.precision,
            "perpetrator_recall": self.perpetrators.recall,
            "perpetrator_f1": self.perpetrators.f1,
            "status_accuracy": self.status.value,
            "charge_category_f1": self.categories.f1,
            "country_accuracy": self.country.value,
            "admin1_accuracy": self.admin1.value,
            "city_accuracy": self.city.value,
            "victim_leaks": float(self.victim_leaks),
        }

    def to_json(self) -> dict[str, object]:
        return {
            "n_records": self.n_records,
            "figures": self.figures(),
            "counts": {k: v for k, v in asdict(self).items() if k not in {"errors"}},
            "errors": self.errors,
        }


def match_names(pred: list[str], gold: list[dict[str, object]]) -> list[tuple[int, int]]:
    """(pred index, gold index) pairs: exact/alias match, else unique-surname match."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    gold_forms = []
    for g in gold:
        forms = {fold(str(g["name"]))}
        if g.get("alias"):
            aliases = g["alias"] if isinstance(g["alias"], list) else [g["alias"]]
            forms |= {fold(str(a)) for a in aliases}
        gold_forms.append(forms)
    for i, p in enumerate(pred):
        np_ = fold(p)
        for j, forms in enumerate(gold_forms):
            if j not in used_g and np_ in forms:
                pairs.append((i, j))
                used_g.add(j)
                used_p.add(i)
                break
    surnames = [fold(str(g["name"])).split()[-1] for g in gold if fold(str(g["name"]))]
    for i, p in enumerate(pred):
        if i in used_p:
            continue
        np_ = fold(p)
        if len(np_.split()) != 1 or surnames.count(np_) != 1:
            continue
        j = surnames.index(np_)
        if j not in used_g:
            pairs.append((i, j))
            used_g.add(j)
            used_p.add(i)
    return pairs


def _victim_names(record: dict[str, object]) -> list[str]:
    names = record.get("victim_names") or record.get("canary_names") or []
    return [str(n) for n in names] if isinstance(names, list) else []


def is_victim(name: str, victims: list[str]) -> bool:
    """The output name is a victim's: the same name, or one of two or more words written
    inside the other ("Mary Akinyi" for the victim "Mary Akinyi Otieno", and the reverse)."""
    n = fold(name)
    if not n:
        return False
    for victim in victims:
        v = fold(victim)
        if not v:
            continue
        if n == v:
            return True
        short, long_ = sorted((n, v), key=len)
        if len(short.split()) >= 2 and f" {short} " in f" {long_} ":
            return True
    return False


def score(records: list[dict[str, object]], predictions: list[Extraction]) -> EvalResult:
    res = EvalResult(n_records=len(records))
    for rec, pred in zip(records, predictions, strict=True):
        gold_case = bool(rec["is_case"])
        for prf, include in ((res.case_all, True), (res.case, not rec.get("borderline"))):
            if not include:
                continue
            if pred.is_case and gold_case:
                prf.tp += 1
            elif pred.is_case:
                prf.fp += 1
            elif gold_case:
                prf.fn += 1
        if pred.is_case != gold_case and not rec.get("borderline"):
            res.errors.append(
                f"{rec['id']}: case gold={gold_case} pred={pred.is_case} "
                f"score={pred.case_score:.2f}"
            )
        pred_names = [p.name for p in pred.perpetrators] if pred.is_case else []
        leaked = [n for n in pred_names if is_victim(n, _victim_names(rec))]
        res.victim_leaks += len(leaked)
        if leaked:
            res.errors.append(f"{rec['id']}: victim names output as perpetrators: {len(leaked)}")
        if gold_case and rec.get("named_accused"):
            gold = list(rec.get("perpetrators") or [])  # type: ignore[call-overload]
            pairs = match_names(pred_names, gold)
            res.perpetrators.tp += len(pairs)
            res.perpetrators.fp += len(pred_names) - len(pairs)
            res.perpetrators.fn += len(gold) - len(pairs)
            matched = {i for i, _ in pairs}
            extra = [n for i, n in enumerate(pred_names) if i not in matched]
            missed = [str(g["name"]) for j, g in enumerate(gold) if j not in {b for _, b in pairs}]
            if extra or missed:
                res.errors.append(f"{rec['id']}: names extra={extra} missed={missed}")
            for i, j in pairs:
                res.status.total += 1
                res.confuse(str(gold[j]["status"]), pred.perpetrators[i].status.value)
                if pred.perpetrators[i].status.value == gold[j]["status"]:
                    res.status.correct += 1
                else:
                    res.errors.append(
                        f"{rec['id']}: status {pred_names[i]} "
                        f"{pred.perpetrators[i].status.value} != {gold[j]['status']}"
                    )
        if gold_case:
            gold_cats = set(rec.get("case_categories") or [])  # type: ignore[call-overload]
            pred_cats = (
                {c.category.value for c in pred.charges if c.category.value != "other"}
                if pred.is_case
                else set()
            )
            res.categories.tp += len(gold_cats & pred_cats)
            res.categories.fp += len(pred_cats - gold_cats)
            res.categories.fn += len(gold_cats - pred_cats)
            if gold_cats != pred_cats:
                res.errors.append(
                    f"{rec['id']}: categories {sorted(pred_cats)} != {sorted(gold_cats)}"
                )
            jur = rec.get("jurisdiction") or {}
            assert isinstance(jur, dict)
            if jur.get("country"):
                res.country.total += 1
                if pred.jurisdiction.country == jur["country"]:
                    res.country.correct += 1
                else:
                    res.errors.append(
                        f"{rec['id']}: country {pred.jurisdiction.country} != {jur['country']}"
                    )
            if jur.get("admin1"):
                res.admin1.total += 1
                res.admin1.correct += _loose(pred.jurisdiction.admin1, jur["admin1"])
            if jur.get("city"):
                res.city.total += 1
                gold_city = str(jur["city"])
                options = (
                    [gold_city]
                    + re.findall(r"\(([^)]+)\)", gold_city)
                    + [re.sub(r"\s*\([^)]*\)", "", gold_city)]
                )
                res.city.correct += any(_loose(pred.jurisdiction.city, o) for o in options)
    return res


def load_records(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_split(path: Path, split: str | None = None) -> list[dict[str, object]]:
    """The labelled records of a file; with `split`, only that split's (records without a
    split, such as cases-dev's, are all kept)."""
    return [r for r in load_records(path) if not split or r.get("split") in (None, split)]


def evaluate(
    path: Path,
    extractor: CaseExtractor | None = None,
    split: str | None = None,
    *,
    workers: int | None = 1,
) -> EvalResult:
    """Score the extractor on a labelled file (`load_split`), over `workers` processes."""
    records = load_split(path, split)
    return score(records, predict(records, extractor, workers=workers))


def predict(
    records: list[dict[str, object]],
    extractor: CaseExtractor | None = None,
    *,
    workers: int | None = 1,
) -> list[Extraction]:
    """The extraction of every record, in order, over `workers` processes (None: one per
    core; `nlp/parallel.py`)."""
    from tipwatch.nlp.extractor import CaseExtractor, Job
    from tipwatch.nlp.parallel import extract_parallel

    jobs = [
        Job(
            str(r["text"]),
            str(r.get("id", i)),
            str(r.get("language") or "en"),
            str(r["country_of_publication"]) if r.get("country_of_publication") else None,
            date.fromisoformat(str(r["publish_date"])) if r.get("publish_date") else None,
        )
        for i, r in enumerate(records)
    ]
    return extract_parallel(extractor or CaseExtractor(), jobs, workers=workers)


def breakdown(
    records: list[dict[str, object]], predictions: list[Extraction], key: str
) -> dict[str, EvalResult]:
    """One result per value of a record field (`country_of_publication`, `genre`...)."""
    groups: dict[str, tuple[list[dict[str, object]], list[Extraction]]] = {}
    for rec, pred in zip(records, predictions, strict=True):
        recs, preds = groups.setdefault(str(rec.get(key) or "-"), ([], []))
        recs.append(rec)
        preds.append(pred)
    return {k: score(*groups[k]) for k in sorted(groups)}


def _cell(value: float, counted: int, w: int) -> str:
    """A figure, or "-" where nothing was counted (no gold or predicted case in the group)."""
    return f"{value:>{w}.3f}" if counted else f"{'-':>{w}}"


def format_breakdown(title: str, results: dict[str, EvalResult]) -> str:
    """A table: records, case F1, perpetrator F1, status and country accuracy, leaks."""
    width = max([len(title), *(len(k) for k in results)])
    cells = ("n", "case F1", "perp F1", "status", "country", "leaks")
    widths = (4, 8, 8, 7, 8, 5)
    lines = [title.ljust(width) + "".join(f" {c:>{w}}" for c, w in zip(cells, widths, strict=True))]
    for name, r in results.items():
        case_n = r.case.tp + r.case.fp + r.case.fn
        perp_n = r.perpetrators.tp + r.perpetrators.fp + r.perpetrators.fn
        lines.append(
            f"{name:<{width}} {r.n_records:>4} {_cell(r.case.f1, case_n, 8)} "
            f"{_cell(r.perpetrators.f1, perp_n, 8)} {_cell(r.status.value, r.status.total, 7)} "
            f"{_cell(r.country.value, r.country.total, 8)} {r.victim_leaks:>5}"
        )
    return "\n".join(lines)


STATUSES = ("wanted", "arrested", "charged", "convicted", "sentenced", "acquitted", "discharged")


def format_confusion(result: EvalResult) -> str:
    """Gold status (rows) against predicted status (columns), matched names only."""
    cols = [s for s in STATUSES if any(s in row for row in result.status_confusion.values())]
    rows = [s for s in STATUSES if s in result.status_confusion]
    lines = ["gold \\ pred".ljust(12) + "".join(f"{c[:9]:>10}" for c in cols)]
    for g in rows:
        counts = result.status_confusion[g]
        lines.append(g.ljust(12) + "".join(f"{counts.get(c, 0):>10}" for c in cols))
    return "\n".join(lines)


def format_table(result: EvalResult) -> str:
    f = result.figures()
    rows = [
        ("records", str(result.n_records)),
        (
            "case P / R / F1 (headline, no borderline)",
            f"{result.case.precision:.3f} / {result.case.recall:.3f} / {result.case.f1:.3f}",
        ),
        (
            "case P / R / F1 (with borderline)",
            f"{result.case_all.precision:.3f} / {result.case_all.recall:.3f} / "
            f"{result.case_all.f1:.3f}",
        ),
        (
            "perpetrator P / R / F1",
            f"{result.perpetrators.precision:.3f} / {result.perpetrators.recall:.3f} / "
            f"{result.perpetrators.f1:.3f}",
        ),
        (
            "status accuracy (matched names)",
            f"{f['status_accuracy']:.3f} ({result.status.correct}/{result.status.total})",
        ),
        ("charge-category F1 (micro)", f"{result.categories.f1:.3f}"),
        (
            "country accuracy",
            f"{f['country_accuracy']:.3f} ({result.country.correct}/{result.country.total})",
        ),
        ("admin1 accuracy (loose)", f"{f['admin1_accuracy']:.3f}"),
        ("city accuracy (loose)", f"{f['city_accuracy']:.3f}"),
        ("victim leaks", str(result.victim_leaks)),
    ]
    width = max(len(a) for a, _ in rows)
    return "\n".join(f"{a.ljust(width)}  {b}" for a, b in rows)
