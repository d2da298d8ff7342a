"""Texts extracted together (`CaseExtractor.extract_many`, spaCy's `nlp.pipe`) get exactly the
extraction each gets alone, in the order given, early exits included."""

from __future__ import annotations

import json

import pytest

from tests.conftest import shared_dir
from tipwatch.nlp.extractor import CaseExtractor, Job
from tipwatch.records import NOT_RELEVANT, UNSUPPORTED_LANGUAGE, Article


def _jobs() -> list[Job]:
    cases = shared_dir() / "datasets" / "cases-dev" / "cases.jsonl"
    if not cases.exists():
        pytest.skip("shared datasets absent")
    records = [json.loads(line) for line in cases.read_text("utf-8").splitlines()]
    # every 4th record: case reports and negatives of several outlets
    picked = records[::4]
    jobs = [
        Job(r["text"], r["id"], None if i % 3 == 0 else "en", r["country_of_publication"])
        for i, r in enumerate(picked)
    ]
    # early exits between the texts spaCy reads: no text, another language, nothing relevant
    jobs.insert(3, Job("   ", "blank", "en", "IN"))
    jobs.insert(7, Job("Polisi imemkamata mtu mmoja kwa usafirishaji haramu.", "sw", "sw", None))
    jobs.insert(11, Job("The council approved a new bus route on Tuesday. " * 8, "bus", "en", "GB"))
    return jobs


def test_batched_extraction_equals_one_by_one(extractor: CaseExtractor) -> None:
    jobs = _jobs()
    alone = [
        extractor.extract_text(
            j.text,
            source=j.source,
            language=j.language,
            publication_country=j.publication_country,
        )
        for j in jobs
    ]
    together = extractor.extract_many(jobs, batch_size=8)
    assert [e.source for e in together] == [j.source for j in jobs]
    assert [e.model_dump() for e in together] == [e.model_dump() for e in alone]
    # the comparison covers what matters: texts spaCy read, case reports with people, skips
    assert sum(e.skipped is None for e in alone) >= 20
    assert sum(bool(e.perpetrators) for e in alone) >= 8
    skips = {e.skipped for e in alone}
    assert {NOT_RELEVANT, UNSUPPORTED_LANGUAGE, "no_text"} <= skips


def test_articles_in_order_with_metadata_only_between(extractor: CaseExtractor) -> None:
    jobs = [j for j in _jobs() if j.text.strip()][:6]
    articles = []
    for n, job in enumerate(jobs):
        articles.append(
            Article(
                canonical_url=f"https://news.example/{n}",
                url=f"https://news.example/{n}",
                title=None,
                text=job.text,
                publish_date=None,
                source_id="bench",
                language="en",
                country_of_publication=job.publication_country,
                content_hash=f"h{n}",
            )
        )
        articles.append(
            Article(
                canonical_url=f"https://news.example/m{n}",
                url=f"https://news.example/m{n}",
                title=None,
                text="",
                publish_date=None,
                source_id="bench",
                language="en" if n % 2 else "bn",
                country_of_publication="IN",
                content_hash=f"m{n}",
                metadata_only=True,
            )
        )
    got = extractor.extract_articles(articles)
    assert [e.source for e in got] == [a.canonical_url for a in articles]
    assert [e.model_dump() for e in got] == [
        extractor.extract_article(a).model_dump() for a in articles
    ]
    skips = [e.skipped for e in got[1::2]]
    assert skips == [UNSUPPORTED_LANGUAGE, NOT_RELEVANT] * 3
