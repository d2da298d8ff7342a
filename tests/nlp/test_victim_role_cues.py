"""Issue 14 E1: a victim, minor or witness introduced by a role cue ("the victim, Maria, 15",
"Aisha, a victim of", "a minor identified as Chipo", "a girl named Bui Thi Lan", "Farida (not
her real name)") is protected whatever the statistical NER saw: single given names, lower-case
text and non-Western names too. Checked on the real spaCy model (every word of the name inside a
redaction span, never a perpetrator) and through every output path: the stored article text, the
store and index files, `tipwatch search` and the CSV/JSONL exports."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from html import escape
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.crawlers.source_defs import Source
from tipwatch.flows.backfill import ingest_warc
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import Extraction, redact
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow

# (id, text, protected names, perpetrators that must stay listed and unmasked)
CANARIES: list[tuple[str, str, list[str], list[str]]] = [
    (
        "single-given-name-apposition",
        "Police in Durban arrested Kwame Mensah, 52, on Tuesday on charges of human "
        "trafficking. The victim, Maria, 15, was rescued from a house in the city centre. "
        "Maria is now in a shelter, police said. Mensah will appear in court on Friday.",
        ["Maria"],
        ["Kwame Mensah"],
    ),
    (
        "lower-case-context",
        "police in durban arrested a man on tuesday on charges of human trafficking after "
        "the victim, thandiwe, 15, was rescued from a house in the city centre. thandiwe is "
        "now in a shelter and the man will appear in court on friday, police said.",
        ["thandiwe"],
        [],
    ),
    (
        "non-western-single-name-survivor",
        "Samuel Oduya, 40, was charged with trafficking in persons in Nairobi on Monday. "
        "Nguyen, 16, a survivor of forced labour, told police she had worked 18 hours a day "
        "without pay. Nguyen later returned home, the prosecutor said.",
        ["Nguyen"],
        ["Samuel Oduya"],
    ),
    (
        "victim-of-after-name",
        "A court in Accra convicted Kofi Boateng of human trafficking on Monday. Aisha, a "
        "victim of sex trafficking, told the court she was 14 when she was sold to him. "
        "Aisha now lives with relatives, her lawyer said after the hearing.",
        ["Aisha"],
        ["Kofi Boateng"],
    ),
    (
        "identified-as",
        "Officers charged David Brownlow with human trafficking after a minor identified as "
        "Chipo told her teachers that she had been sold. Chipo was 13. Brownlow was remanded "
        "in custody until his trial next month, the police said on Sunday.",
        ["Chipo"],
        ["David Brownlow"],
    ),
    (
        "girl-named-multi-word",
        "Samuel Oduya, 40, was jailed for eight years for human trafficking on Thursday. A "
        "girl named Bui Thi Lan said she was sold for 2,000 dollars in the border town. Lan "
        "is 16 and now lives in a shelter run by a charity, the court heard.",
        ["Bui Thi Lan"],
        ["Samuel Oduya"],
    ),
    (
        "not-her-real-name",
        "Joseph Kariuki was charged with human trafficking in Mombasa on Wednesday. Farida "
        "(not her real name), 15, said Kariuki sold her to a bar owner in the city. Farida is "
        "now in a shelter and will testify at the trial, prosecutors said.",
        ["Farida"],
        ["Joseph Kariuki"],
    ),
    (
        "not-her-real-name-lower-case",
        "joseph kariuki was charged with human trafficking in mombasa on wednesday. farida "
        "(not her real name), 15, said kariuki sold her to a bar owner in the city. farida is "
        "now in a shelter and will testify at the trial, prosecutors said.",
        ["farida"],
        [],
    ),
    (
        "lower-case-girl-named",
        "police in kisumu charged a man with human trafficking on monday after a girl named "
        "nyokabi said she had been sold to a bar owner. nyokabi is 14 and lives in a shelter, "
        "police said on tuesday.",
        ["nyokabi"],
        [],
    ),
    (
        "two-names-in-one-apposition",
        "Police charged Viktor Hale, 48, with human trafficking on Friday. The girls, Nomvula "
        "and Zanele, 14 and 15, were rescued from his farm near the river. Nomvula and Zanele "
        "are safe now, police said.",
        ["Nomvula", "Zanele"],
        ["Viktor Hale"],
    ),
    (
        "witness-teenager-child",
        "Viktor Hale, 48, was arrested on suspicion of human trafficking at a farmhouse where "
        "the teenager, Linh, 17, and the child, Amara, 9, were found by police. The witness, "
        "Lwazi, 19, told officers he had seen Hale lock the door. Linh and Amara are safe.",
        ["Linh", "Amara", "Lwazi"],
        ["Viktor Hale"],
    ),
    # An accuser is the person the accused is said to have trafficked: "her accuser X",
    # "X, one of his accusers", whatever the sentence around her says of a trial.
    (
        "her-accuser",
        "Marcia Delacroix, 58, was charged with sex trafficking in New York in July. Lawyers "
        "for her accuser Rosalind Achterberg said she could still get a fair trial. "
        "Achterberg's lawyers rejected Delacroix's claim that publicity would prejudice her "
        "trial.",
        ["Rosalind Achterberg"],
        ["Marcia Delacroix"],
    ),
    (
        "one-of-the-accusers",
        "Marcia Delacroix was charged with sex trafficking on Monday. Rosalind Achterberg, one "
        "of the accusers, told the court she was 16 when she was recruited. Achterberg said "
        "she would testify at the trial.",
        ["Rosalind Achterberg"],
        ["Marcia Delacroix"],
    ),
    # A list of victims, each with the words a report puts around a name.
    (
        "victims-included-list",
        "Marta Kovalenko, 53, was jailed for three years for trafficking workers into the UK "
        "on Monday. Other victims included mother-of-two Ilze Pavlovska, 29, Darius "
        "Vaitkunas, and 32-year-old Egle Ramanauskaite. Kovalenko charged them 50 pounds a "
        "week for a shared room.",
        ["Ilze Pavlovska", "Darius Vaitkunas", "Egle Ramanauskaite"],
        ["Marta Kovalenko"],
    ),
    (
        "among-the-victims-were",
        "Marta Kovalenko was convicted of human trafficking in Bristol on Friday. Among her "
        "victims were Ilze Pavlovska and Darius Vaitkunas, who told the court they worked "
        "without pay.",
        ["Ilze Pavlovska", "Darius Vaitkunas"],
        ["Marta Kovalenko"],
    ),
]


def _words(names: list[str]) -> list[str]:
    return [w for name in names for w in name.split()]


def _present(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I) is not None


def _uncovered(text: str, ex: Extraction, word: str) -> list[int]:
    return [
        m.start()
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.I)
        if not any(s <= m.start() and m.end() <= e for s, e in ex.redactions)
    ]


@pytest.mark.parametrize(
    ("text", "protected", "exposed"),
    [c[1:] for c in CANARIES],
    ids=[c[0] for c in CANARIES],
)
def test_role_cued_names_are_masked_and_never_perpetrators(
    extractor: CaseExtractor, text: str, protected: list[str], exposed: list[str]
) -> None:
    ex = extractor.extract_text(text, source="t", language="en")
    masked = redact(text, ex.redactions)
    for word in _words(protected):
        assert not _uncovered(text, ex, word), word
        assert not _present(word, masked), word
        assert not any(_present(word, p.name) for p in ex.perpetrators), word
    assert not any(_present(w, json.dumps(ex.to_cli_json())) for w in _words(protected))
    for name in exposed:
        assert name in {p.name for p in ex.perpetrators}, name
        for m in re.finditer(re.escape(name), text):
            assert not any(s < m.end() and m.start() < e for s, e in ex.redactions), name


# Cue-shaped sentences about the accused: the cue must not swallow a perpetrator.
NOT_VICTIMS = [
    # a list of places after a victim list's verb: no name to protect, the place stays
    (
        "Kofi Boateng was charged with human trafficking on Monday. His victims included women "
        "from New York and Accra, police said.",
        "New York",
    ),
    (
        "Kofi Boateng, 45, was charged with human trafficking on Monday. The victim named "
        "Boateng as the man who sold her to a brothel owner.",
        "Kofi Boateng",
    ),
    (
        "Kofi Boateng, a child trafficker, was jailed for ten years on Monday by a court in "
        "Accra for selling three girls.",
        "Kofi Boateng",
    ),
    (
        "Police arrested Kofi Boateng, 45, after the girl, 15, was rescued from his house in "
        "Accra. Boateng was charged with human trafficking.",
        "Kofi Boateng",
    ),
    (
        "The man who kidnapped the child, Kofi Boateng, was sentenced to life in prison for "
        "human trafficking on Monday.",
        "Kofi Boateng",
    ),
    # a fronted phrase, not an apposition: the place stays
    (
        "After arriving in Kumasi, the girl was taken to a house where Kofi Boateng, 45, "
        "forced her to work. Boateng was charged with human trafficking.",
        "Kumasi",
    ),
]


@pytest.mark.parametrize(("text", "kept"), NOT_VICTIMS)
def test_cue_shapes_about_the_accused_keep_the_accused(
    extractor: CaseExtractor, text: str, kept: str
) -> None:
    ex = extractor.extract_text(text, source="t", language="en")
    if kept == "Kofi Boateng":
        assert kept in {p.name for p in ex.perpetrators}
    for word in kept.split():
        for m in re.finditer(re.escape(word), text):
            assert not any(s < m.end() and m.start() < e for s, e in ex.redactions), word


HOST = "news.canary-courier.example"


def _html(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{escape(s)}</p>" for s in re.split(r"(?<=\.)\s+", text) if s)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
        f"<time datetime='2026-11-0{len(title) % 9 + 1}'>November 2026</time>{paras}"
        "</article></body></html>"
    ).encode()


def _warc(path: Path) -> None:
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, (cid, text, _protected, _exposed) in enumerate(CANARIES):
            url = f"https://{HOST}/news/{i}-{cid}"
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            body = _html(f"Court and police report number {i}", text)
            w.write_record(
                w.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http)
            )


def _cli(data_dir: Path, *args: str) -> str:
    env = {**os.environ, "TIPWATCH_DATA_DIR": str(data_dir), "TIPWATCH_SEARCH_URL": ""}
    res = subprocess.run(
        [sys.executable, "-P", "-m", "tipwatch", *args],
        capture_output=True,
        text=True,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_role_cued_names_reach_no_output_path(extractor: CaseExtractor, tmp_path: Path) -> None:
    warc = tmp_path / "canaries.warc.gz"
    _warc(warc)
    source = Source(
        id="canary-courier", name="CC", country="ZA", languages=["en"], homepage=f"https://{HOST}/"
    )
    data = tmp_path / "var"
    settings = Settings(data_dir=data, search_url="")
    result = ingest_warc([warc], [source], settings, extractor=extractor)
    assert result.counts.articles == len(CANARIES)
    words = _words([n for c in CANARIES for n in c[2]])

    store = Store(settings.resolved_database_url)
    with store.session() as s:
        texts = [a.text for a in s.scalars(select(ArticleRow))]
    store.dispose()
    assert len(texts) == len(CANARIES)
    assert [w for w in words for t in texts if _present(w, t)] == []

    # every table of the store and of the FTS5 index, as SQL text
    dumps = []
    for db in sorted(data.glob("*.db")):
        con = sqlite3.connect(db)
        try:
            dumps.append("\n".join(con.iterdump()))
        finally:
            con.close()
    assert len(dumps) >= 2
    assert [w for w in words for d in dumps if _present(w, d)] == []

    # the CLI search finds the perpetrators (the index works) but no protected name
    hits = [json.loads(line) for line in _cli(data, "search", "Oduya").splitlines()]
    assert len(hits) == 2 and all(HOST in h["url"] for h in hits)
    for word in words:
        assert _cli(data, "search", word).strip() == "", word

    csv_out, jsonl_out = tmp_path / "out.csv", tmp_path / "out.jsonl"
    # the widest export: the machine's unreviewed cases too
    _cli(data, "export", "--format", "csv", "--include-unreviewed", "--out", str(csv_out))
    _cli(data, "export", "--format", "jsonl", "--include-unreviewed", "--out", str(jsonl_out))
    rows = list(csv.DictReader(csv_out.open(encoding="utf-8")))
    names = {r["name"] for r in rows}
    assert {"Kwame Mensah", "Kofi Boateng", "Joseph Kariuki"} <= names, names
    for out in (csv_out, jsonl_out):
        content = out.read_text("utf-8")
        assert content.strip()
        assert [w for w in words if _present(w, content)] == []
