"""`TIPWATCH_CASE_THRESHOLD` reaches the case classifier: through `CaseExtractor.from_settings`,
the `extract` command and the ingest flow (which build their extractor from settings).

The article is a real-world-shaped report whose case score sits between the default threshold
(0.5) and 0.99: a case by default, not a case for a stricter deployment."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tipwatch.cli.extract import register
from tipwatch.crawlers.source_defs import Source
from tipwatch.flows.backfill import ingest_warc
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.settings import Settings

BORDERLINE = (
    "Police in Mumbai arrested Ramesh Kumar, 45, on charges of human trafficking after "
    "rescuing three women from a flat in Andheri. Officers said the women had been lured "
    "with promises of jobs and forced into prostitution."
)
HOST = "news.mumbai-mirror.example"


def _extract(extractor: CaseExtractor) -> tuple[bool, float, list[str]]:
    ex = extractor.extract_text(BORDERLINE, source="t", language="en", publication_country="IN")
    return ex.is_case, ex.case_score, [p.name for p in ex.perpetrators]


def test_extractor_from_settings_uses_the_case_threshold(extractor: CaseExtractor) -> None:
    is_case, score, names = _extract(extractor)
    assert is_case and 0.5 <= score < 0.99
    assert names == ["Ramesh Kumar"]
    strict = CaseExtractor.from_settings(Settings(case_threshold=0.99))
    assert strict.case_threshold == 0.99
    assert _extract(strict) == (False, score, [])
    assert CaseExtractor.from_settings(Settings()).case_threshold == 0.5


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """tipwatch (test app)."""

    register(app)
    return app


@pytest.mark.parametrize(("threshold", "expected"), [(None, True), ("0.99", False)])
def test_extract_command_reads_the_environment(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    extractor: CaseExtractor,
    threshold: str | None,
    expected: bool,
) -> None:
    if threshold is None:
        monkeypatch.delenv("TIPWATCH_CASE_THRESHOLD", raising=False)
    else:
        monkeypatch.setenv("TIPWATCH_CASE_THRESHOLD", threshold)
    path = tmp_path / "a.txt"
    path.write_text(BORDERLINE, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", "--json", "--country", "IN", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["is_case"] is expected


def _warc(path: Path) -> None:
    body = f"<html><head><title>Man held</title></head><body><article><p>{BORDERLINE}</p>"
    body += "<p>" + BORDERLINE.replace("Ramesh Kumar", "Kumar") + "</p></article></body></html>"
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        w.write_record(
            w.create_warc_record(
                f"https://{HOST}/news/man-held",
                "response",
                payload=BytesIO(body.encode()),
                http_headers=http,
            )
        )


@pytest.mark.parametrize(("threshold", "cases"), [(0.5, 1), (0.99, 0)])
def test_ingest_flow_builds_its_extractor_from_settings(
    tmp_path: Path, extractor: CaseExtractor, threshold: float, cases: int
) -> None:
    warc = tmp_path / "archive.warc.gz"
    _warc(warc)
    source = Source(
        id="mumbai-mirror", name="MM", country="IN", languages=["en"], homepage=f"https://{HOST}/"
    )
    settings = Settings(data_dir=tmp_path / "var", case_threshold=threshold)
    result = ingest_warc([warc], [source], settings)
    assert result.counts.articles == 1
    assert result.counts.cases == cases
