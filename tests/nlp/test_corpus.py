"""The extraction corpus tooling against real git repositories built in a temporary folder:
texts rebuilt by selector and verified by hash, the checks that guard the labels, the split
by outlet, materialization for the scorer, and agreement between two annotations."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tipwatch.cli import app
from tipwatch.nlp.corpus.agreement import compare
from tipwatch.nlp.corpus.checks import RESERVED_REPOS, check
from tipwatch.nlp.corpus.materialize import materialize
from tipwatch.nlp.corpus.schema import CorpusRecord, Selector, record_id, text_sha256
from tipwatch.nlp.corpus.splits import assign
from tipwatch.nlp.corpus.texts import CorpusTextError, read_text
from tipwatch.nlp.eval import is_victim, load_records

CASE = (
    "Two held for trafficking women to Dubai\n\n"
    "Police in Kathmandu arrested Ram Bahadur Thapa, 45, and Sita Kumari Rai on Monday on "
    "charges of human trafficking for sexual exploitation. The victim, Maya Gurung, told "
    "police she had been promised a job as a housemaid. Thapa was produced before the "
    "district court, which remanded him for 12 days."
)
NEGATIVE = (
    "Man held with 2 kg of heroin\n\nPolice arrested a man with two kilograms of heroin "
    "near the border on Sunday, the narcotics bureau said in a statement to reporters."
)
FRENCH = "Deux hommes arrêtés pour traite des personnes à Abidjan selon la police nationale."


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture()
def mirrors(tmp_path: Path) -> tuple[Path, str]:
    """A folder of mirrors holding one repository, `someone/news`, laid out as fetch does."""
    work = tmp_path / "work"
    work.mkdir()
    _git(work, "init", "-q")
    _git(work, "config", "user.email", "t@example.org")
    _git(work, "config", "user.name", "t")
    (work / "post.md").write_text(CASE, encoding="utf-8")
    (work / "items.jsonl").write_text(
        json.dumps({"title": "x", "body": "y"})
        + "\n"
        + json.dumps(
            {"headline": "Man held with 2 kg of heroin", "content": NEGATIVE.split("\n\n")[1]}
        )
        + "\n",
        encoding="utf-8",
    )
    (work / "list.json").write_text(
        json.dumps({"articles": [{"title": "a/b", "text": FRENCH}]}), encoding="utf-8"
    )
    (work / "rows.csv").write_text(
        'headline,content\n"Two held","' + CASE.split("\n\n")[1] + '"\n', encoding="utf-8"
    )
    _git(work, "add", ".")
    _git(work, "commit", "-q", "-m", "articles")
    commit = _git(work, "rev-parse", "HEAD")
    root = tmp_path / "mirrors"
    (root / "someone+news").mkdir(parents=True)
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(root / "someone+news" / "repo")], check=True
    )
    return root, commit


def _record(
    mirrors: Path, commit: str, path: str, selector: Selector, outlet: str, **labels: object
) -> CorpusRecord:
    text = read_text(mirrors, "someone/news", commit, path, selector)
    fields: dict[str, object] = {
        "id": record_id(outlet, "someone/news", path, selector),
        "outlet": outlet,
        "repo": "someone/news",
        "commit": commit,
        "path": path,
        "selector": selector,
        "sha256": text_sha256(text),
        "n_chars": len(text),
        "genre": "news",
        "annotator": "test",
    }
    fields.update(labels)
    return CorpusRecord.model_validate(fields)


POSITIVE_LABELS: dict[str, object] = {
    "is_case": True,
    "named_accused": True,
    "perpetrators": [
        {"name": "Ram Bahadur Thapa", "status": "charged", "age": 45},
        {"name": "Sita Kumari Rai", "status": "arrested"},
    ],
    "charges": [
        {"as_written": "human trafficking for sexual exploitation", "category": "sex_trafficking"}
    ],
    "case_categories": ["sex_trafficking"],
    "jurisdiction": {"country": "NP", "city": "Kathmandu"},
    "country": "NP",
    "victim_names": ["Maya Gurung"],
}


def _positive(root: Path, commit: str, outlet: str = "kathmandupost") -> CorpusRecord:
    """The case report of the test repository (post.md), labelled."""
    return _record(root, commit, "post.md", Selector(kind="blob"), outlet, **POSITIVE_LABELS)


def _negative(root: Path, commit: str, **labels: object) -> CorpusRecord:
    """The drug-seizure brief of the test repository (items.jsonl, line 1), labelled."""
    selector = Selector(kind="jsonl", line=1, fields=("headline", "content"))
    return _record(
        root,
        commit,
        "items.jsonl",
        selector,
        "kathmandupost",
        is_case=False,
        reason="drug",
        **labels,
    )


def _write(path: Path, records: list[CorpusRecord]) -> Path:
    path.write_text("".join(r.model_dump_json(exclude_none=True) + "\n" for r in records))
    return path


def test_each_selector_rebuilds_its_text(mirrors: tuple[Path, str]) -> None:
    root, commit = mirrors
    assert read_text(root, "someone/news", commit, "post.md", Selector(kind="blob")) == CASE
    jsonl = Selector(kind="jsonl", line=1, fields=("headline", "content"))
    assert read_text(root, "someone/news", commit, "items.jsonl", jsonl) == NEGATIVE
    pointer = Selector(kind="json", pointer="/articles/0/text")
    assert read_text(root, "someone/news", commit, "list.json", pointer) == FRENCH
    csv_sel = Selector(kind="csv", row=0, fields=("headline", "content"))
    assert read_text(root, "someone/news", commit, "rows.csv", csv_sel).startswith(
        "Two held\n\nPolice"
    )
    with pytest.raises(CorpusTextError, match="no field"):
        read_text(
            root,
            "someone/news",
            commit,
            "items.jsonl",
            Selector(kind="jsonl", line=0, fields=("text",)),
        )
    with pytest.raises(CorpusTextError, match="no git mirror"):
        read_text(root, "other/repo", commit, "post.md", Selector(kind="blob"))
    with pytest.raises(CorpusTextError, match="cannot read"):
        read_text(root, "someone/news", commit, "missing.md", Selector(kind="blob"))


def test_records_refuse_inconsistent_labels() -> None:
    base = {
        "id": "c-x-0",
        "outlet": "x",
        "repo": "a/b",
        "commit": "0" * 40,
        "path": "p",
        "selector": {"kind": "blob"},
        "sha256": "0" * 64,
        "n_chars": 1,
        "genre": "news",
        "annotator": "t",
    }
    with pytest.raises(ValueError, match="reason"):
        CorpusRecord.model_validate({**base, "is_case": False})
    with pytest.raises(ValueError, match="case_categories"):
        CorpusRecord.model_validate({**base, **POSITIVE_LABELS, "case_categories": []})
    with pytest.raises(ValueError, match="named_accused"):
        CorpusRecord.model_validate({**base, **POSITIVE_LABELS, "named_accused": False})
    with pytest.raises(ValueError, match="extra"):
        CorpusRecord.model_validate({**base, "is_case": False, "reason": "drug", "victims": []})
    # a publication date is a whole ISO date (the scorer resolves status dates against it) or
    # none: a year alone is refused by the check, not by the evaluation halfway through
    negative = {**base, "is_case": False, "reason": "drug"}
    assert CorpusRecord.model_validate({**negative, "publish_date": "2023-05-01"}).publish_date
    with pytest.raises(ValueError, match="publish_date"):
        CorpusRecord.model_validate({**negative, "publish_date": "2023"})


def test_check_passes_good_labels_and_names_every_problem(
    mirrors: tuple[Path, str], tmp_path: Path
) -> None:
    root, commit = mirrors
    good = [
        _positive(root, commit),
        _negative(root, commit, country="NP"),
    ]
    report = check([_write(tmp_path / "good.jsonl", assign(good))], root)
    assert report.ok, report.problems
    assert report.summary()["case_reports"] == 1

    wrong_name = good[0].model_copy(
        update={
            "perpetrators": [
                good[0].perpetrators[0].model_copy(update={"name": "Ram Thapa"}),
                good[0].perpetrators[1],
            ],
            "victim_names": ["Sita Kumari Rai"],
        }
    )
    stale = good[1].model_copy(update={"sha256": "f" * 64})
    french = _record(
        root,
        commit,
        "list.json",
        Selector(kind="json", pointer="/articles/0/text"),
        "abidjan",
        is_case=False,
        reason="other",
    )
    reserved_repo = sorted(RESERVED_REPOS)[0]
    reserved = good[1].model_copy(update={"repo": reserved_repo})
    report = check([_write(tmp_path / "bad.jsonl", [wrong_name, stale, french, reserved])], root)
    text = "\n".join(report.problems)
    assert "perpetrator 'Ram Thapa' not in the text" in text
    assert "victim_names[0] is also listed as a perpetrator" in text
    assert "Sita Kumari Rai" not in text  # problems name no victim
    assert f"{stale.id}: text does not match its sha256" in text
    assert f"{french.id}: text is not English" in text
    assert "reserved for independent evaluation" in text
    assert "id is not" in text  # the repository is part of the id


def test_split_is_by_outlet_balanced_and_sticky(mirrors: tuple[Path, str], tmp_path: Path) -> None:
    root, commit = mirrors
    base = _positive(root, commit, "x")
    neg = {
        "is_case": False,
        "reason": "drug",
        "perpetrators": [],
        "charges": [],
        "case_categories": [],
        "jurisdiction": None,
        "country": None,
        "named_accused": None,
    }
    records = []
    sizes = [120] + [12] * 30  # one large outlet and many small ones
    for o, size in enumerate(sizes):
        for i in range(size):
            update: dict[str, object] = {"outlet": f"outlet{o}", "id": f"r{o}-{i}"}
            if i % 3:
                update.update(neg)
            records.append(base.model_copy(update=update))
    placed = assign(records)
    by_outlet: dict[str, set[str | None]] = {}
    for r in placed:
        by_outlet.setdefault(r.outlet, set()).add(r.split)
    assert all(len(s) == 1 for s in by_outlet.values())  # no outlet in two splits
    assert by_outlet["outlet0"] == {"train"}  # the large outlet trains
    share = {s: sum(r.split == s for r in placed) / len(placed) for s in ("train", "dev", "test")}
    assert 0.5 < share["train"] < 0.7 and 0.2 < share["test"] < 0.3 and 0.1 < share["dev"] < 0.2
    # a recorded split sticks, whatever the placement would say now
    pinned = [
        r.model_copy(update={"split": "test"}) if r.outlet == "outlet0" else r for r in records
    ]
    assert {r.split for r in assign(pinned) if r.outlet == "outlet0"} == {"test"}
    two = [
        base.model_copy(update={"split": "train"}),
        base.model_copy(update={"id": "y", "split": "test", "sha256": "1" * 64}),
    ]
    report = check([_write(tmp_path / "two.jsonl", two)], None)
    assert any("outlet x is in splits" in p for p in report.problems)


def test_materialize_feeds_the_scorer_and_refuses_changed_texts(
    mirrors: tuple[Path, str], tmp_path: Path
) -> None:
    root, commit = mirrors
    pos = _positive(root, commit)
    changed = _negative(root, commit).model_copy(update={"sha256": "e" * 64})
    report = materialize(assign([pos, changed]), root, tmp_path / "out")
    assert report.written == 1
    assert report.failed == [f"{changed.id}: text does not match its sha256 (source changed?)"]
    rows = load_records(tmp_path / "out" / "corpus.jsonl")
    assert [r["id"] for r in rows] == [pos.id]
    assert rows[0]["text"] == CASE and rows[0]["jurisdiction"]["country"] == "NP"  # type: ignore[index]
    assert (tmp_path / "out" / "texts" / f"{pos.id}.txt").read_text() == CASE


def test_cli_materialize_then_eval_counts_a_victim_leak(
    mirrors: tuple[Path, str], tmp_path: Path
) -> None:
    root, commit = mirrors
    labels = _write(tmp_path / "labels.jsonl", assign([_positive(root, commit)]))
    runner = CliRunner()
    shown = runner.invoke(
        app,
        [
            "corpus",
            "show",
            "--repo",
            "someone/news",
            "--path",
            "post.md",
            "--outlet",
            "kathmandupost",
            "--mirrors",
            str(root),
        ],
    )
    assert shown.exit_code == 0, shown.output
    header = json.loads(shown.output.splitlines()[0])
    assert header["sha256"] == text_sha256(CASE) and header["commit"] == commit
    assert shown.output.split("\n", 1)[1].rstrip("\n") == CASE
    checked = runner.invoke(app, ["corpus", "check", str(labels), "--mirrors", str(root)])
    assert checked.exit_code == 0, checked.output
    out = tmp_path / "built"
    res = runner.invoke(
        app,
        [
            "corpus",
            "materialize",
            "--mirrors",
            str(root),
            "--out",
            str(out),
            "--labels",
            str(labels),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "1 texts written" in res.output
    res = runner.invoke(
        app, ["eval", str(out / "corpus.jsonl"), "--json", str(tmp_path / "f.json")]
    )
    assert res.exit_code == 0, res.output
    assert "status confusion" in res.output and "source country" in res.output
    figures = json.loads((tmp_path / "f.json").read_text())["figures"]
    assert figures["victim_leaks"] == 0.0


def test_victim_names_match_loosely_but_not_on_one_word() -> None:
    assert is_victim("Maya Gurung", ["Maya  Gurung"])
    assert is_victim("Mary Akinyi", ["Mary Akinyi Otieno"])
    assert is_victim("Mary Akinyi Otieno", ["Mary Akinyi"])
    assert not is_victim("Akinyi", ["Mary Akinyi"])
    assert not is_victim("John Mwangi", ["Mary Akinyi"])


def test_agreement_counts_each_field(mirrors: tuple[Path, str]) -> None:
    root, commit = mirrors
    a = _positive(root, commit)
    b = a.model_copy(
        update={
            "perpetrators": [
                a.perpetrators[0].model_copy(update={"status": "arrested"}),
            ],
            "victim_names": ["Maya Gurung"],
        }
    )
    neg_a = _negative(root, commit)
    result = compare([a, neg_a], [b, neg_a])
    assert result.n == 2 and result.case_agree == 2
    assert result.names.both == 1 and result.names.only_a == 1 and result.names.only_b == 0
    assert (result.status_same, result.status_total) == (0, 1)
    assert result.victims.f1() == 1.0
    assert any("status of ram bahadur thapa" in d for d in result.disagreements)


def test_the_corpus_labels_hold_their_invariants() -> None:
    """The labels in the repository: valid records, unique ids and texts, no reserved
    repository, every outlet in one split (texts are checked where mirrors exist)."""
    labels = Path(__file__).resolve().parents[2] / "nlp" / "corpus" / "extraction" / "labels.jsonl"
    if not labels.is_file():
        pytest.skip("no corpus labels yet")
    report = check([labels], None)
    assert report.ok, report.problems[:10]
    assert all(r.split for r in report.records)


def test_cli_show_reads_a_mirror_with_a_work_tree(mirrors: tuple[Path, str]) -> None:
    """A mirror cloned with a work tree (`<owner>+<name>/repo/.git`) is read like a bare one,
    by `show` as by `check` and `materialize`."""
    root, commit = mirrors
    (root / "other+news").mkdir()
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            str(root / "someone+news" / "repo"),
            str(root / "other+news" / "repo"),
        ],
        check=True,
    )
    shown = CliRunner().invoke(
        app,
        [
            "corpus",
            "show",
            "--repo",
            "other/news",
            "--path",
            "post.md",
            "--outlet",
            "kathmandupost",
            "--mirrors",
            str(root),
        ],
    )
    assert shown.exit_code == 0, shown.output
    header = json.loads(shown.output.splitlines()[0])
    assert header["commit"] == commit and header["sha256"] == text_sha256(CASE)
