"""Victims: count them where stated, and make sure no victim/minor/witness name leaves the stage.

People whose mentions sit next to victim words ("victim", "rescued", "survivor", "the girl")
are marked protected, even when another rule linked them to a legal verb.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components.base import Person
from nlp.lexicon import NUMBER_WORDS

_COUNT = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?"
    r"(?:victims|survivors|women and girls|women|girls|children|minors|boys|workers|migrants|"
    r"people|persons|men)\b(?=[^.]{0,80}\b(?:rescued|trafficked|freed|exploited|victims?|"
    r"smuggled|forced|recovered|identified)\b)",
    re.I,
)
_COUNT_VICTIMS = re.compile(
    r"\b(\d{1,5}|" + "|".join(NUMBER_WORDS) + r")\s+(?:\w+\s+){0,2}?(?:victims|survivors)\b", re.I
)
_VICTIM_CONTEXT = re.compile(
    r"\b(?:victims?|survivors?|rescued|complainants?|witness(?:es)?|the girl|the boy|"
    r"minor|teenage girl|trafficked (?:woman|girl|boy|man))\b",
    re.I,
)


def _to_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token.lower())


def victims_count(text: str) -> int | None:
    for rx in (_COUNT_VICTIMS, _COUNT):
        for m in rx.finditer(text):
            n = _to_int(m.group(1))
            if n is not None and 0 < n < 100000:
                return n
    return None


def _victim_apposition(text: str, start: int, end: int) -> bool:
    """ "victim Jane Roe", "Jane Roe, a victim", "Jane Roe, 16, who was rescued"."""
    before = text[max(0, start - 25) : start]
    after = text[end : end + 45]
    if re.search(
        r"\b(?:victims?|survivors?|complainants?|witness|girl|boy|daughter|minor)\s*,?\s*$",
        before,
        re.I,
    ):
        return True
    return bool(
        re.match(
            r"^\s*(?:,\s*(?:\d{1,2}\s*,\s*)?)(?:a|an|the|one of the)\s+(?:\w+\s+){0,2}?"
            r"(?:victims?|survivors?|complainant|witness|girl|boy)\b",
            after,
            re.I,
        )
    )


@Language.factory(
    "tipwatch_victims",
    requires=["doc._.people"],
    assigns=["doc._.victims_count", "doc._.victim_names", "doc._.people"],
)
def make_victims(nlp: Language, name: str) -> VictimGuard:
    return VictimGuard()


class VictimGuard:
    def __call__(self, doc: Doc) -> Doc:
        people: list[Person] = doc._.people or []
        names: list[str] = []
        for person in people:
            if any(_victim_apposition(doc.text, s, e) for s, e in person.mentions):
                person.role = "victim"
            if person.role in {
                "victim",
                "victims",
                "survivor",
                "survivors",
                "witness",
                "witnesses",
                "complainant",
                "girl",
                "boy",
                "child",
                "minor",
                "teenager",
                "teen",
            }:
                names.append(person.name)
        doc._.victim_names = names
        doc._.victims_count = victims_count(doc.text)
        return doc
