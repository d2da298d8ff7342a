"""A co-defendant named "together with" in a sentence whose parse root is no verb: the status
component climbed the parse looking for the verb and, comparing tokens by identity (spaCy makes a
new Token object on every access), never recognised the root, so it looped forever. Found on a
real DOJ press release of the extraction corpus, whose sentence "between <dates>, X, together
with his son, Y, ... operated ..." parses with the preposition "between" as its root. The parse
is built here by hand, so the test does not depend on the statistical parser's choices."""

from __future__ import annotations

import threading

import spacy
from spacy.tokens import Doc

from tipwatch.nlp.components.status import token_status
from tipwatch.nlp.lang import for_language
from tipwatch.records import LegalStatus


def test_status_search_ends_on_a_verbless_root() -> None:
    lang = for_language("en")
    assert lang is not None
    words = ["Between", "2001", "Hanko", "together", "with", "Oleh"]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[0, 0, 0, 4, 2, 4],
        deps=["ROOT", "pobj", "appos", "advmod", "prep", "pobj"],
        pos=["ADP", "NUM", "PROPN", "ADV", "ADP", "PROPN"],
    )
    out: list[tuple[LegalStatus | None, object]] = []
    worker = threading.Thread(target=lambda: out.append(token_status(lang, doc[5])), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert out, "token_status did not return within 30 s"
    assert out[0][0] is None  # no legal step anywhere in the clause
