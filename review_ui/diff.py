"""What differs between the machine's extraction and the reviewer's edit of a case, field by
field: perpetrators added, removed or changed (status, nationality, age), charge categories
and charges (with statute) added or removed, jurisdiction changed. The case page marks each
difference in both columns and lists them in words (`Comparison.changes`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SAME = "same"
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

PERSON_FIELDS = ("status", "nationality", "age")
PLACE_FIELDS = ("country", "admin1", "city")


@dataclass(frozen=True)
class Line:
    """One item of a column (a perpetrator, a category, a charge) and how it differs."""

    data: Mapping[str, Any]
    mark: str
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    perpetrators: list[Line]
    categories: list[Line]
    charges: list[Line]


@dataclass(frozen=True)
class Comparison:
    machine: Column
    edited: Column
    # Jurisdiction fields whose value differs (country, admin1, city).
    changed_places: frozenset[str]
    # The differences in words, machine first: "Status of Ada Obi: charged -> convicted".
    changes: list[str] = field(default_factory=list)


def _name_key(p: Mapping[str, Any]) -> str:
    return str(p.get("name") or "").casefold()


def _charge_key(c: Mapping[str, Any]) -> tuple[str, str]:
    return str(c.get("category") or ""), str(c.get("statute") or "").casefold()


def charge_label(c: Mapping[str, Any]) -> str:
    statute = c.get("statute")
    return f"{c.get('category')} ({statute})" if statute else str(c.get("category"))


def _show(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _persons(
    machine: Sequence[Mapping[str, Any]], edited: Sequence[Mapping[str, Any]], changes: list[str]
) -> tuple[list[Line], list[Line]]:
    """Perpetrators matched by name (case-insensitive): a name only the machine has was
    removed, one only the edit has was added, a kept name changed when a field differs."""
    mine = {_name_key(p): p for p in machine}
    theirs = {_name_key(p): p for p in edited}

    def fields(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[str, ...]:
        return tuple(f for f in PERSON_FIELDS if a.get(f) != b.get(f))

    left = []
    for p in machine:
        other = theirs.get(_name_key(p))
        if other is None:
            left.append(Line(p, REMOVED))
            changes.append(f"Perpetrator removed: {p.get('name')}")
        else:
            diff = fields(p, other)
            left.append(Line(p, CHANGED if diff else SAME, diff))
    right = []
    for p in edited:
        base = mine.get(_name_key(p))
        if base is None:
            right.append(Line(p, ADDED))
            changes.append(f"Perpetrator added: {p.get('name')}")
            continue
        diff = fields(base, p)
        right.append(Line(p, CHANGED if diff else SAME, diff))
        changes.extend(
            f"{f.capitalize()} of {p.get('name')}: {_show(base.get(f))} → {_show(p.get(f))}"
            for f in diff
        )
    return left, right


def _items(
    machine: Sequence[Any],
    edited: Sequence[Any],
    what: str,
    changes: list[str],
    key: Callable[[Any], Hashable],
    label: Callable[[Any], str],
) -> tuple[list[Line], list[Line]]:
    mine = {key(x) for x in machine}
    theirs = {key(x) for x in edited}
    left = [Line({"label": label(x)}, SAME if key(x) in theirs else REMOVED) for x in machine]
    right = [Line({"label": label(x)}, SAME if key(x) in mine else ADDED) for x in edited]
    changes.extend(f"{what} removed: {line.data['label']}" for line in left if line.mark == REMOVED)
    changes.extend(f"{what} added: {line.data['label']}" for line in right if line.mark == ADDED)
    return left, right


def compare(machine: Mapping[str, Any], edited: Mapping[str, Any]) -> Comparison:
    """The comparison of two case snapshots (`machine_snapshot`, a `CaseEdit` as JSON)."""
    changes: list[str] = []
    perps = _persons(machine.get("perpetrators") or [], edited.get("perpetrators") or [], changes)
    cats = _items(
        machine.get("charge_categories") or [],
        edited.get("charge_categories") or [],
        "Charge category",
        changes,
        str,
        str,
    )
    # An edit saved before charges had statutes (migration 0021) has no `charges`: nothing to
    # compare, the machine's charges are shown unmarked.
    charges = (
        _items(
            machine.get("charges") or [],
            edited.get("charges") or [],
            "Charge",
            changes,
            _charge_key,
            charge_label,
        )
        if "charges" in edited
        else ([Line({"label": charge_label(c)}, SAME) for c in machine.get("charges") or []], [])
    )
    places = frozenset(f for f in PLACE_FIELDS if machine.get(f) != edited.get(f))
    changes.extend(
        f"{'Region (admin1)' if f == 'admin1' else f.capitalize()}: "
        f"{_show(machine.get(f))} → {_show(edited.get(f))}"
        for f in PLACE_FIELDS
        if f in places
    )
    return Comparison(
        machine=Column(perps[0], cats[0], charges[0]),
        edited=Column(perps[1], cats[1], charges[1]),
        changed_places=places,
        changes=changes,
    )
