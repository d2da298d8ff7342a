"""Gate: name matching keeps its precision@1 and recall@10 on the generated variant set.

The set is generated from a fixed seed (tipwatch/screening/evalset.py); its fingerprint is pinned
so that a change of the set is a deliberate change of this file, not a silent easing.
"""

from __future__ import annotations

import hashlib

from tipwatch.screening.evalset import generate
from tipwatch.screening.evaluate import evaluate

FINGERPRINT = "8a5da0c4576b80a7ca435d263bf8f4e390fc96c12f207197536be662be7ead91"
FLOORS = {"all": (0.90, 0.99), "comma_order": (0.99, 1.0), "cyrillic": (0.93, 0.97)}


def test_name_matching_meets_its_floors() -> None:
    data = generate()
    fingerprint = hashlib.sha256(
        "\n".join(f"{q.rule}\t{q.expected}\t{q.text}" for q in data.queries).encode()
    ).hexdigest()
    assert fingerprint == FINGERPRINT, "the variant set changed: review the floors, then re-pin"
    report = evaluate(data)
    by_rule = {r.rule: r for r in [*report.rules, report.overall]}
    for rule, (p1, r10) in FLOORS.items():
        assert by_rule[rule].precision_at_1 >= p1, (rule, by_rule[rule], fingerprint)
        assert by_rule[rule].recall_at_10 >= r10, (rule, by_rule[rule], fingerprint)
    assert report.overall.queries > 3000
