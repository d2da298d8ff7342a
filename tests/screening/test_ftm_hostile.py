"""`import ftm` on hostile input (issue 14, B4): a Person with a 10 MB name, an over-long name
and too many names are counted skips, and the valid entities beside them are imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.screening.conftest import person_entity, write_ftm
from tipwatch.screening.ftm_import import (
    MAX_LINE_BYTES,
    MAX_NAME_CHARS,
    MAX_NAMES_PER_ENTITY,
    import_ftm,
)
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store


@pytest.mark.timeout(120)
def test_hostile_names_are_counted_skips(store: Store, tmp_path: Path) -> None:
    huge = person_entity("os-huge", ["A" * (10 * 1024 * 1024)])
    long_name = person_entity("os-long", ["B" * (MAX_NAME_CHARS + 1)])
    many = person_entity("os-many", [f"Name Number{i}" for i in range(MAX_NAMES_PER_ENTITY + 1)])
    path = write_ftm(
        tmp_path / "hostile.ftm.json",
        [
            person_entity("os-1", ["Muhammad Ali Khan"], country=["pk"]),
            huge,
            long_name,
            many,
            person_entity("os-2", ["Ramesh Kumar"], country=["in"]),
        ],
        [],
    )
    assert len(json.dumps(huge)) > MAX_LINE_BYTES
    with store.session() as s:
        report = import_ftm(s, path, dataset="os-hostile")
    assert report.imported == 2
    assert dict(report.skipped) == {"line_too_large": 1, "name_too_long": 1, "too_many_names": 1}
    with store.session() as s:
        hits = screen(s, ScreeningQuery(name="Ramesh Kumar")).hits
    assert [h.dataset for h in hits] == ["os-hostile"]
    with store.session() as s:
        assert screen(s, ScreeningQuery(name="Muhammad Ali Khan")).hits
