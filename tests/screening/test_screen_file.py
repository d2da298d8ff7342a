"""`tipwatch screen --file clients.csv`: a provider's client list in, ranked hits out, one row
per hit with the verdict apart from the rank; no client dropped without a line."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from tests.screening.conftest import add_case
from tipwatch.cli import app
from tipwatch.records import LegalStatus
from tipwatch.settings import Settings
from tipwatch.store.db import Store

runner = CliRunner()

CLIENTS = (
    "\ufeffid,name,country,birth_year\n"
    'c-1,"KUMAR, Ramesh",in,\n'
    "c-2,Ramesh,,\n"
    "c-3,,in,\n"
    "c-4,Anita Rao,India,\n"
    "c-5,Zhang Wei,cn,1980\n"
    'c-6,=HYPERLINK("http://evil"),,\n'
    "c-7,Ramesh Kumar,in,19x0\n"
)


def test_a_client_list_gets_one_row_per_hit_and_a_line_for_every_client(tmp_path: Path) -> None:
    store = Store(Settings(data_dir=tmp_path).resolved_database_url)
    try:
        add_case(
            store,
            "https://example.org/f1",
            "A Delhi court convicted Ramesh Kumar of trafficking.",
            [("Ramesh Kumar", LegalStatus.CONVICTED)],
            published=date(2026, 3, 4),
        )
    finally:
        store.dispose()
    clients = tmp_path / "clients.csv"
    clients.write_text(CLIENTS, encoding="utf-8")
    out = tmp_path / "hits.csv"
    res = runner.invoke(
        app, ["screen", "--file", str(clients), "--out", str(out), "--data-dir", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    assert "screened 4 of 7 clients (3 not screened" in res.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    by_ref: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_ref.setdefault(row["client_ref"], []).append(row)
    assert sorted(by_ref) == [f"c-{i}" for i in range(1, 8)]

    (ramesh,) = by_ref["c-1"]
    assert (ramesh["rank"], ramesh["match"], ramesh["dataset"]) == ("1", "yes", "tipwatch")
    assert (ramesh["latest_status"], ramesh["outcome"], ramesh["status_date"]) == (
        "convicted",
        "convicted",
        "2026-03-04",
    )
    assert ramesh["source_url"] == "https://example.org/f1" and ramesh["reviewed"] == "yes"
    # only a part of the name: ranked, but the verdict says no
    (part,) = by_ref["c-2"]
    assert part["caption"] == "Ramesh Kumar" and part["match"] == "no"
    assert 0.5 <= float(part["score"]) < 0.7

    assert by_ref["c-3"][0]["note"].startswith("not screened (line 4): name")
    assert by_ref["c-4"][0]["note"].startswith("not screened (line 5): country")
    assert by_ref["c-5"][0]["note"] == "no candidate"
    assert by_ref["c-6"][0]["query_name"].startswith("'=")  # neutralised formula
    assert by_ref["c-7"][0]["note"].startswith("not screened (line 8): birth_year")

    # NAME and --file together, or neither: one clear line, exit 2
    both = runner.invoke(app, ["screen", "Ramesh", "--file", str(clients)])
    assert both.exit_code == 2
    neither = runner.invoke(app, ["screen", "--data-dir", str(tmp_path)])
    assert neither.exit_code == 2
    no_header = tmp_path / "bad.csv"
    no_header.write_text("who,where\nRamesh,in\n", encoding="utf-8")
    bad = runner.invoke(app, ["screen", "--file", str(no_header), "--data-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "`name` column" in bad.output
