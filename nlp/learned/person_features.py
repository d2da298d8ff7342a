"""Features of one person the pipeline found, for the learned perpetrator decision.

What the rules know of the person (role word, legal step, accused marker, status) and of the
name's shape and place in the text. No feature names a person, a place or an outlet: the model
learns how perpetrators are written about, not who they are.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.lang import LanguageSupport
from tipwatch.nlp.learned.linear import LinearModel
from tipwatch.nlp.models import MODELS
from tipwatch.records import LegalStatus

_STATUSES = tuple(s.value for s in LegalStatus)


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def person_features(
    lang: LanguageSupport, doc: Doc, person: Person, rule_ok: bool, n_people: int
) -> dict[str, float]:
    text = doc_text(doc)
    words = person.name.split()
    first = min((s for s, _ in person.mentions), default=0)
    title_end = text.find("\n")
    case_spans: list[tuple[int, int]] = list(doc._.case_sentences or [])
    lex = lang.lexicon
    role = person.role
    feats: dict[str, float] = {
        "rule_ok": float(rule_ok),
        "has_status": float(person.status is not None),
        "role_none": float(role is None),
        "role_accused": float(role == "accused"),
        "role_weak": float(role in lex.weak_role_words),
        "role_other": float(
            role is not None and role != "accused" and role not in lex.weak_role_words
        ),
        "accused_evidence": min(len(person.accused_evidence), 3),
        "status_evidence": min(len(person.status_evidence), 3),
        "mentions": min(len(person.mentions), 5),
        "from_shape": float(person.from_shape),
        "one_word": float(len(words) == 1),
        "long_name": float(len(words) >= 4),
        "all_caps": float(all(w.isupper() and len(w) > 1 for w in words)),
        "in_title": float(title_end > 0 and first < title_end),
        "early": float(first < max(1, len(text)) * 0.2),
        "in_case_sentence": float(any(_in_spans(s, case_spans) for s, _ in person.mentions)),
        "age_known": float(person.age is not None),
        "nationality_known": float(person.nationality is not None),
        "many_people": float(n_people >= 6),
        "label_word": float(person.name.lower() in lex.folded_label_words),
    }
    for status in _STATUSES:
        feats[f"status_{status}"] = float(
            person.status is not None and person.status.value == status
        )
    return feats


# The rules' decision as a model (used when no trained one is shipped): a perpetrator exactly
# when the rules say so.
HAND_MODEL = LinearModel(name="person-hand", bias=-5.0, weights={"rule_ok": 10.0})


@cache
def person_model() -> LinearModel:
    """The trained model shipped in `nlp/models/person.json`, else the rules' decision."""
    path = MODELS / "person.json"
    return LinearModel.load(path) if path.is_file() else HAND_MODEL
