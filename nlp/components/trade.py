"""What a trafficking or smuggling word says is trafficked, read from the parse: goods
("trafficking American eels", "the identities of citizens", "child pornography") or people.

A word whose object is goods is another trade's, as "drug trafficking" is, though no word list
names every good. The case decision (`case_classifier`) counts such words as distractors; the
charge finder (`charges`) drops a charge worded with one.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from tipwatch.nlp.components.base import doc_text, headline_span
from tipwatch.nlp.lang.rules import CaseRules

_OBJECT_PREPS = frozenset({"in", "of"})
_NO_GOODS_ENTS = frozenset({"PERSON", "NORP", "GPE", "LOC", "DATE", "TIME", "MONEY", "CARDINAL"})


def _trafficked(rules: CaseRules, tok: Token) -> Token | None:
    """What a trafficking word says is trafficked: its direct object, or the object of its
    "in" / "of" ("trafficking in eels", "traffickers of ivory"); through a quantity ("large
    numbers of migrants": the migrants)."""
    obj: Token | None = None
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            obj = c
            break
    else:
        obj = _of_object(tok, _OBJECT_PREPS)
    if obj is None and tok.dep_ == "conj":
        # a shared object after coordinated words: "production and trafficking of X", "Producing
        # and Trafficking X" (the parse hangs X on the first)
        head = tok.head
        shared = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
        shared = shared or _of_object(head, _OBJECT_PREPS)
        obj = shared if shared is not None and shared.i > tok.i else None
    if obj is None:
        obj = _next_object(tok)
    if obj is not None and _forms(obj) & rules.trade_quantities:
        return _of_object(obj, frozenset({"of"}))
    return obj


def _next_object(tok: Token) -> Token | None:
    """The object of "in" / "of" right after the word when the parse hung it elsewhere
    ("conspiracy to traffic in counterfeit goods": "in" on "conspiracy"): the first noun
    within four words, before any punctuation or verb."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in _OBJECT_PREPS:
        return None
    for t in doc[tok.i + 2 : tok.i + 6]:
        if t.is_punct or t.pos_ in {"VERB", "AUX"}:
            return None
        if t.pos_ in {"NOUN", "PROPN"} and (t.i + 1 >= len(doc) or t.head.i != t.i + 1):
            return t  # the head of its phrase ("counterfeit goods": goods)
    return None


def _of_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _forms(tok: Token) -> set[str]:
    """The word as written, its lemma and a plural's naive singular, lower-cased (the parser
    gives a title-case "Minors" no lemma)."""
    low = tok.lower_
    return {low, tok.lemma_.lower(), low[:-1] if low.endswith("s") else low}


def _is_goods(
    rules: CaseRules, obj: Token, headline: tuple[int, int] | None, people: frozenset[str]
) -> bool:
    """Is the object goods: a common noun (a proper noun only in a title-case headline) that
    names no people (itself, its modifiers and its conjuncts: `people`), no frame
    ("trafficking cases") and no place, date or sum? Goods made or taken from people ("child
    pornography", "human remains": `CaseRules.thing_heads`) are goods whatever the parse made
    of them (it reads "remains" as a verb, "human" as the object)."""
    nxt = obj.doc[obj.i + 1] if obj.i + 1 < len(obj.doc) else None
    if _forms(obj) & rules.thing_heads or (
        nxt is not None and obj.pos_ == "ADJ" and _forms(nxt) & rules.thing_heads
    ):
        return True
    for w in (obj, *obj.conjuncts):
        if w.ent_type_ in ("PERSON", "NORP") or w.pos_ == "PRON" or _forms(w) & people:
            return False
        for c in w.children:
            if c.dep_ in ("compound", "amod", "nmod") and _forms(c) & people:
                return False
    if _forms(obj) & rules.trade_frames or obj.ent_type_ in _NO_GOODS_ENTS:
        return False
    if obj.lower_.startswith(("traffick", "smuggl")):  # "agents of the trafficker"
        return False
    if obj.pos_ == "NOUN":
        return True
    # a title-case headline makes nouns proper: one the text also writes in lower case
    in_headline = headline is not None and headline[0] <= obj.idx < headline[1]
    return (
        obj.pos_ == "PROPN"
        and in_headline
        and any(t.text == obj.lower_ for t in obj.doc if t.i != obj.i)
    )


def trade_objects(
    rules: CaseRules, doc: Doc, demonyms: Collection[str] = frozenset()
) -> frozenset[int]:
    """The character offsets of the trafficking and smuggling words whose object the parse
    reads as goods, not people: "indicted for trafficking American eels", "trafficking the
    identities of citizens", "traffickers of rhino horn". Such a word is another trade's, as
    "drug trafficking" is (a word list cannot name every good). Empty when the language lists
    no people nouns (`CaseRules.trafficked_people`); a demonym names people too ("Thais")."""
    if not rules.trafficked_people:
        return frozenset()
    people = rules.trafficked_people | frozenset(demonyms)
    headline = headline_span(doc_text(doc))
    out: set[int] = set()
    for tok in doc:
        low = tok.lower_
        if not low.startswith(("traffick", "smuggl")) and low != "traffic":
            continue  # "to traffic in counterfeit goods" too
        before = doc[tok.i - 1] if tok.i else None
        if (before is not None and _forms(before) & people) or any(
            c.dep_ in ("compound", "amod", "nmod") and _forms(c) & people for c in tok.children
        ):
            continue  # "people smuggling", "sex trafficking": people are its object
        obj = _trafficked(rules, tok)
        if obj is not None and _is_goods(rules, obj, headline, people):
            out.add(tok.idx)
    return frozenset(out)
