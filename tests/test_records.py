from __future__ import annotations

import pytest
from pydantic import ValidationError

from tipwatch.records import (
    REDACTION_CHAR,
    Extraction,
    LegalStatus,
    PerpetratorMention,
    Skipped,
    redact,
)


def test_unknown_fields_are_rejected_at_the_boundary() -> None:
    with pytest.raises(ValidationError, match="extra"):
        Skipped(stage="crawl", reason="x", victim_name="should not exist")  # type: ignore[call-arg]


def test_records_are_immutable() -> None:
    s = Skipped(stage="crawl", reason="http_404")
    with pytest.raises(ValidationError):
        s.reason = "other"  # type: ignore[misc]


def test_bad_evidence_span_and_country_code_rejected() -> None:
    with pytest.raises(ValidationError):
        PerpetratorMention(name="A B", status=LegalStatus.CHARGED, evidence=[(5, 2)])
    with pytest.raises(ValidationError):
        PerpetratorMention(name="A B", status=LegalStatus.CHARGED, nationality="India")


def test_status_rank_orders_the_proceedings() -> None:
    order = [LegalStatus.WANTED, LegalStatus.ARRESTED, LegalStatus.CHARGED, LegalStatus.CONVICTED]
    assert [s.rank for s in order] == sorted(s.rank for s in order)
    assert LegalStatus.SENTENCED.rank > LegalStatus.CONVICTED.rank
    assert LegalStatus.ACQUITTED.rank > LegalStatus.CHARGED.rank


def test_redact_keeps_length_and_other_offsets() -> None:
    text = "Victim Jane Roe testified against Max Mustermann."
    start = text.index("Jane Roe")
    out = redact(text, [(start, start + len("Jane Roe"))])
    assert len(out) == len(text)
    assert "Jane" not in out and "Roe" not in out
    assert out[start : start + 8] == REDACTION_CHAR * 4 + " " + REDACTION_CHAR * 3
    m = text.index("Max Mustermann")
    assert out[m : m + 14] == "Max Mustermann"


def test_cli_json_shape_never_carries_redaction_spans() -> None:
    ext = Extraction(
        source="a.txt", language="en", is_case=False, case_score=0.1, redactions=[(0, 4)]
    )
    data = ext.to_cli_json()
    assert set(data) == {
        "source",
        "language",
        "is_case",
        "case_score",
        "perpetrators",
        "charges",
        "jurisdiction",
        "victims_count",
        "skipped",
    }
