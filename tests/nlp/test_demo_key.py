"""The bundled demo site's answer key, article by article: is_case, skipped, the exact set of
(name, status) pairs, the jurisdiction country (what the end-to-end test checks in the store) and
the set of charge categories other than `other`.
"""

from __future__ import annotations

from typing import Any

from tipwatch.records import Article, Extraction


def test_demo_key(demo_results: list[tuple[dict[str, Any], Any, Extraction | None]]) -> None:
    assert len(demo_results) == 37
    mismatches: list[str] = []
    for entry, article, extraction in demo_results:
        where = entry["path"].rsplit("/", 1)[-1]
        assert isinstance(article, Article), f"{where}: {article}"
        assert extraction is not None
        if extraction.skipped != entry["skipped"]:
            mismatches.append(f"{where}: skipped {extraction.skipped!r} != {entry['skipped']!r}")
        if extraction.is_case != entry["is_case"]:
            mismatches.append(
                f"{where}: is_case {extraction.is_case} (score {extraction.case_score:.2f})"
            )
            continue
        if not entry["is_case"]:
            continue
        got = sorted((p.name, p.status.value) for p in extraction.perpetrators)
        want = sorted((p["name"], p["status"]) for p in entry["perpetrators"])
        if got != want:
            mismatches.append(f"{where}: people {got} != {want}")
        if extraction.jurisdiction.country != entry["country"]:
            mismatches.append(
                f"{where}: country {extraction.jurisdiction.country} != {entry['country']}"
            )
        cats = sorted({c.category.value for c in extraction.charges if c.category.value != "other"})
        if cats != sorted(entry["charge_categories"]):
            mismatches.append(f"{where}: charge categories {cats} != {entry['charge_categories']}")
    assert not mismatches, "\n".join(mismatches)


def test_demo_names_never_include_canaries(
    demo_key: dict[str, Any],
    demo_results: list[tuple[dict[str, Any], Any, Extraction | None]],
) -> None:
    words = {w for name in demo_key["canary_names"] for w in name.split()}
    for _entry, _article, extraction in demo_results:
        if extraction is None:
            continue
        dumped = str(extraction.to_cli_json())
        assert not [w for w in words if w in dumped]


def test_a_wire_copy_reads_as_its_original(
    demo_results: list[tuple[dict[str, Any], Any, Extraction | None]],
) -> None:
    """The demo's syndicated copy (own headline, agency dateline, credit line) gives the
    extraction its original gives: what grouping the two under one case needs."""

    def key(ext: Extraction | None) -> tuple[object, ...]:
        assert ext is not None
        return (
            sorted((p.name, p.status.value) for p in ext.perpetrators),
            sorted({c.category.value for c in ext.charges if c.category.value != "other"}),
            (ext.jurisdiction.country, ext.jurisdiction.admin1, ext.jurisdiction.city),
        )

    by_place = {(e["outlet"], e["path"]): ext for e, _article, ext in demo_results}
    copies = [(e, ext) for e, _article, ext in demo_results if e.get("syndicated_copy_of")]
    assert len(copies) == 1
    for entry, ext in copies:
        original = entry["syndicated_copy_of"]
        assert original["outlet"] != entry["outlet"]
        assert key(ext) == key(by_place[(original["outlet"], original["path"])])
