"""Posted form fields, checked: lengths, the edit form's perpetrator rows, the reason field.
Values themselves are validated where they are used (`tipwatch.store.review.edit_case`)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException
from starlette.datastructures import FormData

# A country filter or field: ISO 3166-1 alpha-2, upper case.
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
MAX_EDIT_FIELD = 300
MAX_REASON_LENGTH = 2000


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > MAX_EDIT_FIELD:
        raise HTTPException(status_code=400, detail=f"{name} is too long.")
    return value.strip()


def _list(form: FormData, name: str) -> list[str]:
    out = []
    for value in form.getlist(name):
        if not isinstance(value, str) or len(value) > MAX_EDIT_FIELD:
            raise HTTPException(status_code=400, detail=f"Bad {name}.")
        out.append(value.strip())
    return out


def edit_from_form(form: FormData) -> dict[str, Any]:
    """The edit form as `CaseEdit` input; rows with an empty name are dropped. Values are
    validated by `tipwatch.store.review.edit_case`."""
    names = _list(form, "perp_name")
    statuses = _list(form, "perp_status")
    nationalities = _list(form, "perp_nationality")
    ages = _list(form, "perp_age")
    if not len(names) == len(statuses) == len(nationalities) == len(ages):
        raise HTTPException(status_code=400, detail="Incomplete perpetrator rows.")
    perpetrators = [
        {
            "name": name,
            "status": status,
            "nationality": nationality.upper() or None,
            "age": age or None,
        }
        for name, status, nationality, age in zip(names, statuses, nationalities, ages, strict=True)
        if name
    ]
    return {
        "perpetrators": perpetrators,
        "charge_categories": _list(form, "charge_category"),
        "charges": charges_from_form(form),
        "country": _field(form, "country").upper() or None,
        "admin1": _field(form, "admin1") or None,
        "city": _field(form, "city") or None,
    }


def charges_from_form(form: FormData) -> list[dict[str, Any]]:
    """The edit form's charge rows (`charge_row_category`, `charge_row_statute`) as `CaseCharge`
    input; a row with neither is dropped, a statute without a category is refused by
    `edit_case`."""
    categories = _list(form, "charge_row_category")
    statutes = _list(form, "charge_row_statute")
    if len(categories) != len(statutes):
        raise HTTPException(status_code=400, detail="Incomplete charge rows.")
    return [
        {"category": category, "statute": statute or None}
        for category, statute in zip(categories, statutes, strict=True)
        if category or statute
    ]


def posted_reason(form: FormData, *, required: bool = False) -> str | None:
    """The form's `reason`, stripped; 400 when too long (or missing and `required`)."""
    raw = form.get("reason")
    reason = raw.strip() if isinstance(raw, str) else ""
    if len(reason) > MAX_REASON_LENGTH:
        raise HTTPException(status_code=400, detail="Reason is too long.")
    if required and not reason:
        raise HTTPException(status_code=400, detail="A reason is required.")
    return reason or None
