"""Find the people in a text, merge their mentions, read age/nationality, and mark roles.

Candidates come from the statistical NER (PERSON) and from name-shape patterns for names the
small model misses ("Name, 45,", "45-year-old Name", "the accused, Name", "identified as Name").
Protected roles (victims, minors, witnesses, relatives, officers, judges, lawyers, officials)
are marked here; they are never output as perpetrators. Name shapes, titles, role words and
cues are the language's (`LanguageSupport.people` and `.lexicon`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import numpy as np
from spacy.attrs import DEP, IS_TITLE, POS
from spacy.language import Language
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.components.defined_terms import attach_defined_terms
from tipwatch.nlp.components.introduced import ACCUSED, VICTIM, introduced_in, introduced_lists
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.gazetteer import lookup_city, lookup_country, subdivisions, us_states
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import PeopleRules
from tipwatch.nlp.relevance import LiteralPresence
from tipwatch.records import Span


def norm_name(name: str) -> str:
    """Case/accent/punctuation/whitespace-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


_VERSUS = frozenset({"v", "v.", "vs", "vs."})
# what stands between the two sides of a caption: "Public Prosecutor — X", "State v X"
_SIDES = _VERSUS | {"—", "–", "--", "-", "versus"}


def _clean_name_span(rules: PeopleRules, span: SpacySpan) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].lower_.rstrip(".") in rules.title_prefixes
        or doc[start].is_punct
        or doc[start].text in _VERSUS  # a caption's "v" the NER took in ("v Quah Jun Wei")
        # "Petitioners X", "Lawyer X": a title the NER took in, with a name after it
        or (
            end - start > 1
            and doc[start].lower_ in rules.role_prefixes
            and (not doc[start + 1].is_punct or doc[start + 1].text in {"-", "–"})
        )
    ):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in rules.possessives):
        end -= 1
    # "Jury Finds X Guilty": a headline's capitalised legal word is not part of the name
    trimmed = end
    while end - start > 2 and doc[end - 1].is_title and doc[end - 1].lower_ in rules.headline_tail:
        end -= 1
    # ... and the auxiliary before it ("X Is Detained")
    while trimmed > end > start + 2 and doc[end - 1].is_title and doc[end - 1].is_stop:
        end -= 1
    if end <= start:
        return None
    start = _extend_left(rules, doc, start, end)
    out = doc[start:end]
    if "\n" in out.text:
        out = doc[start : start + len(out.text.split("\n")[0].split())]
        if len(out) == 0:
            return None
    return out


def _extend_left(rules: PeopleRules, doc: Doc, start: int, end: int) -> int:
    """Take in a given name the NER or the shape left out: "Friday Uchenna Okoro" (a weekday
    used as a first name, not after "on"/"last"...), "Ma. Cristina Ebol"."""
    if start == 0 or end - start < 2:
        return start
    prev = doc[start - 1]
    if prev.lower_ == "." and start >= 2 and doc[start - 2].lower_ in rules.name_abbreviations:
        return start - 2
    if prev.lower_.rstrip(".") in rules.name_abbreviations and prev.text.endswith("."):
        return start - 1
    if prev.lower_ in rules.calendar_words and prev.is_title and start >= 2:
        before = doc[start - 2]
        if (
            before.lower_ not in rules.date_leads
            and not before.like_num
            and prev.whitespace_
            and "\n" not in before.text_with_ws
        ):
            return start - 1
    if _left_out_given_name(rules, doc, start):
        return start - 1
    return start


def _left_out_given_name(rules: PeopleRules, doc: Doc, start: int) -> bool:
    """A given name the NER left out before a name of two or more words ("[Ana] Angelica
    Pedro-Juan", "with [Ismael] Antonio Mendez"): a capitalised proper noun on the same line,
    of no other entity, that is no title, rank, role or headline word, and that follows no
    other capitalised word (a headline's run, "Attorney General X", is not read)."""
    if rules.not_given_names == frozenset():
        return False
    prev = doc[start - 1]
    if (
        not prev.is_title
        or not prev.is_alpha
        or len(prev) < 2
        or prev.pos_ != "PROPN"
        or prev.is_stop
        or prev.ent_type_ not in {"", "PERSON"}
        or not prev.whitespace_
        or prev.lower_ in rules.not_given_names
        or is_place_name(prev.text)
    ):
        return False
    before = doc[start - 2] if start >= 2 else None
    if before is not None and (before.is_title or (before.is_upper and before.is_alpha)):
        return False
    if before is None or prev.is_sent_start or "\n" in before.text_with_ws or before.is_space:
        # at the start of a sentence or line every word is capitalised ("Influencer Andrew
        # Tate"): only a known given name is taken in there
        from tipwatch.domain.names import nickname_groups

        return bool(nickname_groups(prev.lower_))
    return True


def is_place_name(text: str, cities: bool = True) -> bool:
    """A country, first-level region, US state or (with `cities`) city in the gazetteer (never
    a person)."""
    key = text.lower().strip()
    return bool(
        lookup_country(key)
        or key in subdivisions()
        or key in us_states()
        or (cities and lookup_city(key) is not None)
    )


_INITIAL = re.compile(r"^[A-Z]\.$")
# the slashed particles of South and South-East Asian names ("Ramasamy a/l Muniandy", "X s/o Y")
_SLASH_PARTICLES = frozenset({"s/o", "d/o", "w/o", "a/l", "a/p", "b/o"})
# a word made with a prefix of stance ("Anti-Trafficking", "Pro-Life"), never a name's
_PREFIXED_WORD = re.compile(r"^(?:Anti|Pro|Non|Counter|Ex)-[A-Z]")


def _plausible_name(lang: LanguageSupport, text: str) -> bool:
    rules = lang.people
    words = text.split()
    if not words or len(words) > 5:
        return False
    check = words
    if len(words) >= 3 and (
        words[0].lower() in rules.calendar_words
        or words[0].lower().rstrip(".") in rules.name_abbreviations
    ):
        check = words[1:]
    if any(
        w.lower().strip(".,'’") in rules.not_name_words
        for w in check
        if not _INITIAL.match(w)  # "K. A. Fernando": an initial, not the article
    ):
        return False
    if len(words) == 1 and is_place_name(text):
        return False
    if len(words) > 1 and is_place_name(text):
        return False
    if norm_name(text) in lang.lexicon.pseudonyms or rules.placeholder.match(text):
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if any(rules.possessive_suffix.search(w) for w in words[:-1]):
        return False  # "Clemente’s Anaheim apartment": a possessive ends the name
    if text.isupper() and len(text) > 4:
        return False
    if any(_PREFIXED_WORD.match(w) for w in words):
        return False  # "Expanded Anti-Trafficking": a law's or a campaign's words
    if any("/" in w and w.lower() not in _SLASH_PARTICLES for w in words):
        return False  # a photo credit's "X/Agency", "A/B" alternatives
    letters = [w for w in words if w[:1].isalpha()]
    return bool(letters) and all(
        w[:1].isupper() or w.lower() in rules.particle_pattern for w in words
    )


_ALIAS_JOINERS = frozenset({"and", "or", "the", "el", "la", "de", "del", "da", "di", "le"})
_QUOTES = frozenset("\"“”‘’'")


def _alias_region(doc: Doc, start_char: int) -> tuple[int, int]:
    """The characters of the names an alias cue ending at `start_char` introduces: quoted or
    capitalised words, commas and joiners, up to a lower-case word, a number, a bracket or the
    end of the clause. After "and" only a one-word or quoted name is taken ("aka Bear and HB";
    "aka Dredd, and Brittney Creason, 19" names another person)."""
    end = start_char
    first = next((t for t in doc if t.idx >= start_char), None)
    if first is None:
        return start_char, end
    toks = list(doc[first.i : min(len(doc), first.i + 40)])
    i = 0
    while i < len(toks):
        t = toks[i]
        if "\n" in t.text or t.is_space:
            break
        if t.text in {",", "-"} or t.text in _QUOTES:
            i += 1
            continue
        if t.lower_ in _ALIAS_JOINERS:
            rest = [u for u in toks[i + 1 : i + 4] if u.text not in {","}]
            if t.lower_ in {"and", "or"} and rest:
                quoted = rest[0].text in _QUOTES
                two_words = len(rest) >= 2 and rest[0].is_title and rest[1].is_title
                if two_words and not quoted:
                    break
            i += 1
            continue
        if t.text[:1].isupper() and not t.like_num:
            end = t.idx + len(t.text)
            i += 1
            continue
        break
    return start_char, end


Candidate = tuple[SpacySpan, bool, int | None]


def split_aliases(
    lang: LanguageSupport, doc: Doc, cands: list[Candidate]
) -> tuple[list[Candidate], list[tuple[Candidate, int]], list[tuple[Candidate, int]]]:
    """Set apart the names a person is also known as ("X, aka Y", "X, a/k/a Y"): Y is X, not
    a second accused, wherever else it is mentioned. Returns the other candidates, the alias
    candidates and the alias lists no candidate covers ("aka Satanico, 37": a mention for the
    age), each alias with the character offset of the name it follows. A cue counts only
    right after a capitalised name word, so "a man known as Y" keeps Y."""
    cue = lang.people.alias_cue
    text = doc_text(doc)
    if cue is None or not cands:
        return cands, [], []
    regions: list[tuple[int, int, int]] = []
    list_spans = [lst.span for lst in introduced_lists(lang, doc)]
    gap = re.compile(r"[\s,(\"“”]*(?:(?:and|or)\s+)?$", re.I)
    for m in cue.finditer(text):
        lead = gap.search(text, max(0, m.start() - 12), m.start())
        anchor = lead.start() if lead else m.start()
        owner: int | None = None
        for lo, hi, first in regions:
            if lo < anchor <= hi:
                owner = first  # "X, aka Y, aka Z", "X, aka Y and aka Z": Z is X's too
        if owner is None:
            words = doc.char_span(max(0, anchor - 1), anchor, alignment_mode="expand")
            if words is None or not words[-1].is_title or words[-1].is_stop:
                continue
            owner = words[-1].idx
        lo, hi = _alias_region(doc, m.end())
        if any(a <= lo < b for a, b in list_spans):
            # in a list of names a comma ends the alias ("A alias Arman, Sandeep and B")
            comma = text.find(",", lo, hi)
            hi = len(text[:comma].rstrip()) if comma > lo else hi
        if hi > lo:
            regions.append((lo, hi, owner))
    if not regions:
        return cands, [], []
    # each alias list is a mention of its owner, candidate or not ("aka Satanico, 37": the age)
    listed: list[tuple[Candidate, int]] = []
    for lo, hi, owner in regions:
        span = doc.char_span(lo, hi, alignment_mode="expand")
        if span is not None and not any(
            c[0].start_char < span.end_char and span.start_char < c[0].end_char for c in cands
        ):
            listed.append(((span, True, None), owner))
    owners: dict[str, int] = {}
    for span, _, _ in cands:
        for lo, hi, owner in regions:
            if lo <= span.start_char < hi:
                owners.setdefault(norm_name(span.text), owner)
    kept = [c for c in cands if norm_name(c[0].text) not in owners]
    aliases = [(c, owners[norm_name(c[0].text)]) for c in cands if norm_name(c[0].text) in owners]
    return kept, aliases, listed


def attach_aliases(people: list[Person], aliases: list[tuple[Candidate, int]]) -> list[Candidate]:
    """Each alias mention becomes a mention of the person named where its cue follows (with
    its age). Returns the aliases of no one found (the NER missed the name before the cue):
    the alias is then the only name the text gives that person."""
    orphans: list[Candidate] = []
    for cand, owner in aliases:
        span, _, age = cand
        person = next((p for p in people if any(s <= owner < e for s, e in p.mentions)), None)
        if person is None:
            orphans.append(cand)
            continue
        person.mentions.append((span.start_char, span.end_char))
        person.mentions.sort()
        person.alias_mentions.append((span.start_char, span.end_char))
        if age is not None and person.age is None:
            person.age = age
            person.age_evidence = (span.start_char, span.end_char)
    return orphans


def _headline_like(lang: LanguageSupport, text: str, start: int) -> bool:
    """Is the line holding `start` set in title case (a headline), not prose?"""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", start)
    words = re.findall(r"[^\W\d_][\w'’-]*", text[lo : hi if hi >= 0 else len(text)])
    minor = lang.charges.headline_minor_words
    content = [w for w in words if w.lower() not in minor]
    return len(content) >= 3 and sum(w[0].isupper() for w in content) >= 0.8 * len(content)


def _stems(word: str) -> tuple[str, ...]:
    w = word.lower().strip(".,'’")
    out = [w]
    for suffix in ("es", "s", "ed", "d", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out += [w[: -len(suffix)], w[: -len(suffix)] + "e"]
    return tuple(out)


# a cited case's parties, named in the reasons of a judgment: "Mushtaq Ahmad v. The State (1991
# SCMR 123)", "Gas Co. v. Benedict, 89 A.2d 379", "People v. Cruz [2019]": a citation (a year
# in brackets, or a volume, a report and a page) follows the caption
_CITATION_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:[(\[][ \t]*\d{4}|\d+[ \t]+[A-Z][\w.]*(?:[ \t]+[\w.]+)?[ \t]+\d+|"
    r"\d{4}[ \t]+[A-Z]{2,}|G\.R\.)"
)
_VERSUS_BEFORE = re.compile(r"\b(?:v|vs|versus)\.?[ \t]+(?:the[ \t]+)?$", re.I)
_VERSUS_AFTER = re.compile(
    r"\s+(?:v|vs|versus)\.?\s+(?:[^\n]{1,60}?)(?=[(\[]\s*\d{4}|,\s*(?:\d+\s|G\.R\.))"
)
# a judgment's own caption stands at its top
_CAPTION_ZONE = 600


def cited_party(text: str, start: int, end: int) -> bool:
    """Is the mention a party of a case the text cites (not its own caption, at the top)?"""
    if start < _CAPTION_ZONE:
        return False
    if _VERSUS_BEFORE.search(text[max(0, start - 12) : start]) and _CITATION_AFTER.match(text, end):
        return True
    return bool(_VERSUS_AFTER.match(text, end))


def _names_a_thing(rules: PeopleRules, text: str, person: Person) -> bool:
    """A "person" the text also writes as the front of an institution's, a law's or a
    building's name ("Sarah Lawrence College"), a one-word "person" that is only ever a law
    report's abbreviation in citations ("925 Phil. 97"), or a party of cited cases only."""
    name = person.name
    if person.mentions and all(cited_party(text, s, e) for s, e in person.mentions):
        return True
    if rules.thing_after_name is not None and len(name.split()) > 1:
        for m in re.finditer(re.escape(name), text):
            if rules.thing_after_name.match(text, m.end()):
                return True
    if rules.citation_around is not None and len(name.split()) == 1 and person.mentions:
        cited = {
            m.start("name") for m in rules.citation_around.finditer(text) if m.group("name") == name
        }
        return all(s in cited for s, _ in person.mentions)
    return False


def drop_headline_fragments(lang: LanguageSupport, doc: Doc, people: list[Person]) -> list[Person]:
    """Leave out "people" that are a title-case headline's ordinary words ("Louisiana Woman",
    "Pleads Guilty", "Foreign Nationals", "Guam Bar Owner"): every word of the name a place, a
    demonym or a role or legal word of the language; or, when the name is found in headline
    lines only, a word the text itself writes in lower case."""
    if not people:
        return people
    text = doc_text(doc)
    rules = lang.people
    lex = lang.lexicon
    known = (
        rules.headline_words
        | rules.legal_lemmas
        | rules.not_name_words
        | lex.accused_nouns
        | lex.protected_role_words
    )
    lower: set[str] | None = None

    def ordinary(name: str, vocabulary: set[str], cities: bool) -> bool:
        words = name.split()
        covered = [False] * len(words)
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 3) + 1):
                phrase = " ".join(words[i:j]).strip(".,")
                if (
                    phrase.lower() in lex.demonyms
                    or is_place_name(phrase, cities)
                    # a state's abbreviation with its stops ("N.H. Man Indicted")
                    or ("." in phrase and is_place_name(phrase.replace(".", ""), cities=False))
                ):
                    covered[i:j] = [True] * (j - i)
        named = [any(s in known or s in vocabulary for s in _stems(w)) for w in words]
        # a name of places alone is the place check's (`_plausible_name`); one word at least
        # must be a person noun or legal word ("Tennessee Man", not "David Moore")
        return any(named) and all(c or n for c, n in zip(covered, named, strict=True))

    kept: list[Person] = []
    for p in people:
        if ordinary(p.name, set(), cities=False) or _names_a_thing(rules, text, p):
            continue
        if p.mentions and all(_headline_like(lang, text, s) for s, _ in p.mentions):
            if lower is None:
                # the text's own lower-case words, and the nationalities and places the NER
                # tags anywhere in it ("Micronesian")
                lower = {t.lower_ for t in doc if t.is_lower}
                lower |= {t.lemma_.lower() for t in doc if t.is_lower}
                lower |= {t.lower_ for t in doc if t.ent_type_ in {"NORP", "GPE", "LOC"}}
            if ordinary(p.name, lower, cities=True):
                continue
        kept.append(p)
    return kept


def _char_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


_ARG_DEPS = {"nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj"}
# a person's entity label: "PERSON" in OntoNotes models (English), "PER" in WikiNER ones
# (Spanish, French)
_PERSON_LABELS = {"PERSON", "PER"}


def _tokens_where(doc: Doc, selected: np.ndarray) -> Iterator[Token]:
    """The doc's tokens where `selected` (one boolean per token) holds, in order: a component
    that reads a few tokens of a long doc makes a `Token` for those only."""
    for i in np.flatnonzero(selected):
        yield doc[int(i)]


def _is_argument_propn(doc: Doc) -> np.ndarray:
    """Per token: a proper noun that is the subject or object of its head (`_ARG_DEPS`)."""
    values = doc.to_array([POS, DEP])
    deps = [doc.vocab.strings[d] for d in _ARG_DEPS]
    return (values[:, 0] == PROPN) & np.isin(values[:, 1], deps)


def collect_candidates(lang: LanguageSupport, doc: Doc) -> list[Candidate]:
    """(span, from_shape, age) for every name mention found by NER or by shape."""
    rules = lang.people
    mask = doc._.prose_mask or [2] * len(doc)
    found: dict[tuple[int, int], tuple[SpacySpan, bool, int | None]] = {}
    for ent in doc.ents:
        if ent.label_ not in _PERSON_LABELS:
            continue
        span = _clean_name_span(rules, ent)
        if span is None or mask[span.start] == LISTED or not _plausible_name(lang, span.text):
            continue
        found[(span.start_char, span.end_char)] = (span, False, None)
    for pattern, has_age in rules.shape_patterns:
        for m in pattern.finditer(doc_text(doc)):
            span = _char_span(doc, m.start("name"), m.end("name"))
            if span is None or mask[span.start] == LISTED:
                continue
            span = _clean_name_span(rules, span)
            if span is None or not _plausible_name(lang, span.text):
                continue
            if is_place_name(span.text) or (
                any(t.ent_type_ in {"GPE", "LOC", "FAC", "DATE", "ORG"} for t in span)
                and not any(t.ent_type_ in _PERSON_LABELS for t in span)
                and not has_age
                and not rules.accused_cue.match(m.group(0))
                # "X, aka "Blyss,"": an alias is a person's (the NER often tags a name after a
                # capitalised dateline as an organisation)
                and not (
                    rules.alias_cue is not None
                    and len(span) > 1
                    and rules.alias_cue.search(m.group(0), m.end("name") - m.start())
                )
                # a caption's party named first ("X \n Vs \n The State"), often tagged ORG
                and not (
                    rules.caption_defence is not None
                    and rules.caption_defence.match(doc_text(doc), m.end("name"))
                )
            ):
                # the shape matched a place or organisation ("Santa Ana, 45"); the small model
                # often tags an unfamiliar name as ORG or GPE, so an age or an explicit
                # "the accused, X" cue outweighs that tag
                continue
            age = int(m.group("age")) if has_age else None
            key = (span.start_char, span.end_char)
            # drop NER spans that overlap this one (keep the shape span, it is delimited better)
            for other in [k for k in found if k[0] < key[1] and key[0] < k[1] and k != key]:
                del found[other]
            prev = found.get(key)
            found[key] = (span, prev[1] if prev else True, age if age is not None else None)
    # proper-noun phrases that are the arguments of legal verbs, missed by the NER
    for tok in _tokens_where(doc, _is_argument_propn(doc)):
        if mask[tok.i] == LISTED:
            continue
        if tok.head.lemma_.lower() not in rules.legal_lemmas:
            continue
        _add_structural(lang, doc, tok, found, strict=True)
    # ... and the proper nouns the text's structure makes people whatever the NER tagged them
    # ("the verdict against X", "arrested A and B", "the arrested woman, X")
    covered = list(found)
    for tok in doc:
        if tok.pos_ != "PROPN" or mask[tok.i] == LISTED or tok.dep_ in {"compound", "flat"}:
            continue
        if _named_by_structure(lang, tok, covered):
            _add_structural(lang, doc, tok, found, strict=False)
    # the items of a list a group introduces ("the arrested were identified as A, B and C",
    # "four women -- A, B and C --"), one-word names too: the group says they are people
    for listed in introduced_lists(lang, doc):
        for start, end in listed.items:
            span = doc.char_span(start, end, alignment_mode="contract")
            if (
                span is None
                or mask[span.start] == LISTED
                or is_place_name(span.text)
                or span.text.lower() in lang.lexicon.demonyms
            ):
                continue  # "individuals, including Kenyan and foreign nationals"
            overlaps = [k for k in found if k[0] < end and start < k[1]]
            if any(not (start <= k[0] and k[1] <= end) for k in overlaps):
                continue  # a name the item only begins: the NER's span stands
            cleaned = _clean_name_span(rules, span)
            if cleaned is not None and _plausible_name(lang, cleaned.text):
                for k in overlaps:  # "Ajmal" "Waqas": the item's commas delimit it better
                    del found[k]
                found[(cleaned.start_char, cleaned.end_char)] = (cleaned, True, None)
    joined = _join_adjacent(lang, sorted(found.values(), key=lambda x: x[0].start))
    return [(_extend_particle(lang, span), shape, age) for span, shape, age in joined]


def _named_by_structure(lang: LanguageSupport, tok: Token, covered: list[tuple[int, int]]) -> bool:
    """A proper noun whose place makes it a person's name: the object of "against" or "of" on a
    legal noun, a conjunct of a name already found, the apposition of an accused noun or of a
    person noun a legal participle qualifies."""
    head = tok.head
    status = lang.status
    if tok.dep_ == "pobj" and head.lower_ in {status.against_prep, *status.noun_preps}:
        noun = head.head.lemma_.lower()
        if noun in status.case_nouns:
            # "the charges against X", not "in charge of X"
            return head.lower_ == status.against_prep
        return noun in status.verdict_nouns or noun in status.noun_triggers
    roles = lang.lexicon.protected_role_words | lang.people.title_prefixes
    if tok.dep_ == "conj":
        # a name listed with one found, not an office or agency listed with an official
        words = {t.lower_.rstrip(".") for t in tok.subtree}
        return (
            any(a <= head.idx < b for a, b in covered)
            and tok.ent_type_ != "ORG"
            and not words & roles
        )
    # the first of a list of names the NER found the rest of ("A, B, C and D": A tagged ORG)
    listed = [c for c in tok.subtree if c.dep_ == "conj" and c.head.i != c.i]
    if (
        len(listed) >= 2
        and sum(any(a <= c.idx < b for a, b in covered) for c in listed) >= 2
        and not any(t.lower_.rstrip(".") in roles for t in tok.lefts)
        and tok.lower_ not in roles
    ):
        return True
    if tok.dep_ == "appos" and head.pos_ == "NOUN":
        if head.lower_ in lang.lexicon.accused_nouns:
            return True
        return head.lower_ in status.lead_description_nouns and any(
            c.dep_ == "amod" and c.lemma_.lower() in lang.people.legal_lemmas for c in head.children
        )
    return False


def _add_structural(
    lang: LanguageSupport,
    doc: Doc,
    tok: Token,
    found: dict[tuple[int, int], Candidate],
    strict: bool,
) -> None:
    """The proper-noun phrase headed by `tok` as a candidate (`strict`: not where the NER saw a
    place, a group or a facility)."""
    rules = lang.people
    left = tok.i
    while (
        left > 0
        and doc[left - 1].pos_ == "PROPN"
        and doc[left - 1].dep_ in {"compound", "flat"}
        and doc[left - 1].head.i in range(left, tok.i + 1)
    ):
        left -= 1
    span = doc[left : tok.i + 1]
    if len(span) < 2:
        return
    if strict and any(t.ent_type_ in {"GPE", "LOC", "NORP", "FAC"} for t in span):
        return
    if not strict and span.text.lower() in lang.lexicon.demonyms:
        return
    cleaned = _clean_name_span(rules, span)
    if cleaned is None or not _plausible_name(lang, cleaned.text):
        return
    key = (cleaned.start_char, cleaned.end_char)
    if any(k[0] < key[1] and key[0] < k[1] for k in found):
        return
    found[key] = (cleaned, True, None)


@cache
def _particle_tail(particles: str) -> re.Pattern[str]:
    return re.compile(rf" {particles} [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def _extend_particle(lang: LanguageSupport, span: SpacySpan) -> SpacySpan:
    """A name goes on past a lower-case particle and the names after it, which the NER left
    out or tagged apart ("Farah Liyana" "binte Kamal"; "Raj s/o Kumar")."""
    text = doc_text(span.doc)
    m = _particle_tail(lang.people.particle_pattern).match(text, span.end_char)
    if m is None:
        return span
    longer = span.doc.char_span(span.start_char, m.end(), alignment_mode="contract")
    if longer is None or longer.end <= span.end or not _plausible_name(lang, longer.text):
        return span
    return longer


@cache
def _particle_gap(particles: str) -> re.Pattern[str]:
    return re.compile(rf" {particles} ")


def _join_adjacent(lang: LanguageSupport, cands: list[Candidate]) -> list[Candidate]:
    """Two names with nothing but a space between them are one name the NER cut in two
    ("Mirna Jeanneth" "Vasquez Valenzuela")."""
    out: list[Candidate] = []
    for cand in cands:
        if out:
            prev = out[-1][0]
            span = cand[0]
            gap = doc_text(span.doc)[prev.end_char : span.start_char]
            if (gap == " " and span.start == prev.end) or _particle_gap(
                lang.people.particle_pattern
            ).fullmatch(gap):
                # also across a lower-case particle ("Farah Liyana" "binte" "Kamal")
                joined = span.doc[prev.start : span.end]
                if _plausible_name(lang, joined.text):
                    age = cand[2] if cand[2] is not None else out[-1][2]
                    out[-1] = (joined, out[-1][1] and cand[1], age)
                    continue
        out.append(cand)
    return out


def _paternal(words: list[str]) -> list[str]:
    """A Spanish or Filipino name without the "y" that joins the mother's family name
    ("Adrian Adrales y Jurado" ~ "Adrian Adrales"), for comparing keys."""
    if "y" in words[2:-1]:
        return words[: words.index("y", 2)]
    return words


def _nickname_pair(a: list[str], b: list[str]) -> bool:
    """ "Larry Ray" and "Lawrence Ray", "Bill Cosby" and "William Cosby": the same family name,
    and each given name is in the other's English nickname group (the `nicknames` package,
    read only when a text has such a pair)."""
    if a[-1] != b[-1] or a[0] == b[0] or len(a) != 2 or len(b) != 2:
        return False
    from tipwatch.domain.names import nickname_groups

    return f"n:{b[0]}" in nickname_groups(a[0]) and f"n:{a[0]}" in nickname_groups(b[0])


def _merge(doc: Doc, cands: list[tuple[SpacySpan, bool, int | None]]) -> list[Person]:
    people: list[Person] = []
    by_key: dict[str, Person] = {}
    singles: list[tuple[SpacySpan, bool, int | None]] = []
    for span, from_shape, age in cands:
        words = span.text.split()
        if len(words) < 2:
            singles.append((span, from_shape, age))
            continue
        key = norm_name(span.text)
        person = by_key.get(key)
        if person is None:
            # same first and last word as a known person ("Festus Omwamba" ~ "Festus Arasa Omwamba")
            full = key.split()
            nk = _paternal(full)
            for other_key, other in by_key.items():
                other_full = other_key.split()
                ok = _paternal(other_full)
                # "Ali Al Jenabi" ~ "Al Jenabi": two or more final words in common
                short, long_ = sorted((ok, nk), key=len)
                suffix = len(short) >= 2 and long_[-len(short) :] == short
                nick = _nickname_pair(ok, nk)
                if (ok[0] == nk[0] and ok[-1] == nk[-1]) or suffix or nick:
                    person = other
                    if len(full) > len(other_full) or (nick and len(nk[0]) > len(ok[0])):
                        other.name = span.text  # the fuller form: "Lawrence Ray", not "Larry"
                    break
        if person is None:
            person = Person(name=span.text, from_shape=from_shape)
            by_key[key] = person
            people.append(person)
        person.mentions.append((span.start_char, span.end_char))
        person.from_shape = person.from_shape and from_shape
        if age is not None and person.age is None:
            person.age = age
            person.age_evidence = (span.start_char, span.end_char)
    # surname-only mentions: NER singles plus capitalised tokens equal to a unique surname
    surname_owner: dict[str, list[Person]] = {}
    for p in people:
        surname_owner.setdefault(norm_name(p.surname), []).append(p)
    claimed = {m for p in people for m in p.mentions}
    for tok in _tokens_where(doc, doc.to_array(IS_TITLE) != 0):
        key = norm_name(tok.text)
        owners = surname_owner.get(key)
        if not owners or len(owners) != 1:
            continue
        tok_span = (tok.idx, tok.idx + len(tok.text))
        if any(s <= tok_span[0] < e for s, e in claimed):
            continue
        owners[0].mentions.append(tok_span)
    # a single word that is part of a hyphenated surname ("Ojeda-Gomez") or the given name of
    # one known person ("Andrew and Tristan Tate") is that person, not another one
    part_owner: dict[str, list[Person]] = {}
    for p in people:
        parts = {norm_name(w) for w in re.split(r"[-‐]", p.surname)} if "-" in p.surname else set()
        parts.add(norm_name(p.name.split()[0]))
        for part in parts:
            part_owner.setdefault(part, []).append(p)
    for span, from_shape, age in singles:
        key = norm_name(span.text)
        if key in surname_owner:
            continue
        owners = part_owner.get(key, [])
        if len(owners) == 1 and key not in by_key:
            owners[0].mentions.append((span.start_char, span.end_char))
            continue
        # single first names ("Kuba") stay as their own person
        person = by_key.get(key)
        if person is None:
            person = Person(name=span.text, from_shape=from_shape)
            by_key[key] = person
            people.append(person)
        person.mentions.append((span.start_char, span.end_char))
        if age is not None and person.age is None:
            person.age = age
            person.age_evidence = (span.start_char, span.end_char)
    for p in people:
        p.mentions.sort()
    return people


@cache
def _demonym_presence(lang: LanguageSupport) -> tuple[tuple[str, ...], LiteralPresence]:
    """The language's demonyms, longest first (the order they are tried in), and their
    presence test."""
    dem = lang.lexicon.demonyms
    return tuple(sorted(dem, key=len, reverse=True)), LiteralPresence(dem)


def _demonyms_in(lang: LanguageSupport, text: str) -> tuple[str, ...]:
    """The demonyms (longest first) that `text` may hold: the only ones whose nationality
    patterns (`re.escape(phrase)` under `re.I`) can match a window of it."""
    ordered, presence = _demonym_presence(lang)
    present = presence.present(text)
    return tuple(p for p in ordered if p in present)


def _read_age_nationality(
    lang: LanguageSupport, doc: Doc, person: Person, phrases: tuple[str, ...]
) -> None:
    """`phrases`: the demonyms to try, longest first (`_demonyms_in` the doc's text)."""
    rules = lang.people
    dem = lang.lexicon.demonyms
    for start, end in person.mentions:
        if person.age is None:
            m = rules.age_after.match(doc_text(doc)[end : end + 16])
            if m:
                person.age = int(m.group(1))
                person.age_evidence = (end + m.start(1), end + m.end(1))
            else:
                m = rules.age_before.search(doc_text(doc)[max(0, start - 40) : start])
                if m:
                    off = max(0, start - 40)
                    person.age = int(m.group(1))
                    person.age_evidence = (off + m.start(1), off + m.end(1))
        if person.nationality is None:
            window_after = doc_text(doc)[end : end + 80]
            window_before = doc_text(doc)[max(0, start - 40) : start]
            for phrase in phrases:
                m = rules.nationality_after(phrase).search(window_after)
                off = end
                if not m:
                    m = rules.nationality_before(phrase).search(window_before)
                    off = max(0, start - 40)
                if m:
                    person.nationality = dem[phrase]
                    person.nationality_evidence = (off + m.start(1), off + m.end(1))
                    break


def _clause_words(verb: Token) -> set[str]:
    """The words of the verb's own clause: its subtree without coordinated or subordinate
    clauses ("rescued X, and the man was found guilty": "guilty" is the other clause's)."""
    out: set[str] = set()
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.add(tok.lower_)
        for child in tok.children:
            if (
                tok is verb
                and child.dep_ in {"conj", "ccomp", "advcl", "parataxis", "relcl"}
                and child.pos_ in {"VERB", "AUX"}
            ):
                continue
            stack.append(child)
    return out


def _victim_verb(lang: LanguageSupport, verb: Token) -> bool:
    """Does `verb` make its object a victim? "found guilty", "held in custody" do not."""
    lemma = verb.lemma_.lower()
    if lemma not in lang.lexicon.victim_verbs:
        return False
    words = _clause_words(verb)
    # the words after it up to the end of the clause too: a parse cut short by a list of names
    # ("found X, 36, and Y, 33, guilty") leaves "guilty" out of the verb's subtree
    for t in verb.doc[verb.i + 1 : verb.i + 30]:
        if t.text in {".", ";"} or "\n" in t.text or t.pos_ in {"VERB", "AUX"}:
            break  # another clause ("rescued X, and the man was found guilty") is not read
        words.add(t.lower_)
    if words & lang.people.not_victim_context:
        return False
    if _own_step_after(lang, verb):
        return False
    return lemma != lang.people.hold_lemma or bool(words & lang.people.hold_victim)


def _own_step_after(lang: LanguageSupport, verb: Token) -> bool:
    """ "X was found dead hours after being charged with trafficking": a legal step in a
    gerund clause on the verb itself ("after"/"before"/"upon" being charged) is done to the
    same person, who is then no victim of the verb."""
    triggers = lang.lexicon.transitive_triggers
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in lang.status.done_step_preps:
            continue
        for g in prep.children:
            if g.dep_ == "pcomp" and g.lemma_.lower() in triggers:
                return any(c.dep_ in {"auxpass", "aux:pass"} for c in g.children)
    return False


_PHONE_AFTER = re.compile(r"^[\s,:]*(?:\+?\(?\d{2,4}\)?[\s.-]?){2,}\d{3,}")


def _caption_appellant(lang: LanguageSupport, text: str, lead: str, end: int) -> bool:
    """A caption that names the accused first, the name opening its line: "X v Republic", "X
    and Another v S", or a table's "X ......... APPELLANT" over "VERSUS" and the State."""
    rules = lang.people
    if rules.caption_defence is None or lead.strip():
        return False
    m = rules.caption_defence.match(text, end)
    if m is None:
        return False
    if not m.group("table"):
        return True  # "X v Republic"
    return rules.caption_state is not None and bool(
        rules.caption_state.search(text, m.end(), m.end() + 400)
    )


def _mention_roles(
    lang: LanguageSupport, doc: Doc, start: int, end: int, aliases: frozenset[int] = frozenset()
) -> tuple[str | None, bool]:
    """(protected role word or None, accused marker) for one mention, from its context.
    `aliases`: the tokens of other names people go by ("aka Justice"), which are no role."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or cited_party(doc_text(doc), start, end):
        return None, False  # a cited case's party is no party of this one
    caption = lang.people.caption_prosecution
    line_start = doc_text(doc).rfind("\n", 0, start) + 1
    lead = doc_text(doc)[line_start:start]
    if caption is not None and caption.match(lead):
        # a court caption's accused party, on a line of its own: "Public Prosecutor v X" (the
        # title is the other party's; "related to the case of United States v. X" in running
        # text is another case)
        return None, True
    if _caption_appellant(lang, doc_text(doc), lead, end):
        return None, True
    accused = False
    role: str | None = None
    # words just before the name inside the same line ("Detective Inspector X", "victim X")
    before: list[Token] = []
    for t in reversed(doc[max(0, span.start - 3) : span.start]):
        if "\n" in t.text_with_ws or t.is_sent_end:
            break  # words on an earlier line or in an earlier sentence are not a title
        before.insert(0, t)
    for t in reversed(before):
        w = t.lower_.rstrip(".")
        if t.text == "," and t.i == span.start - 1 and t.i > 0:
            # "the accused, X": the comma of an apposition the parser did not link
            accused = doc[t.i - 1].lower_ in lang.lexicon.accused_nouns
            break
        if t.is_punct and t.text not in lang.people.apostrophes:
            break
        if w in lang.lexicon.accused_nouns:
            accused = True
            break
        if w in lang.lexicon.protected_role_words:
            role = w
            break
        if not (t.is_title or t.is_upper or t.lower_ in lang.people.title_glue):
            break  # "the victim while X": a title runs up to the name, no function words
    # a press contact or a byline: "Media inquiries: X (02) 6277 7260", "Author\nX", "By X"
    prev_line_start = doc_text(doc).rfind("\n", 0, max(0, line_start - 1)) + 1
    prev_line = doc_text(doc)[prev_line_start : max(prev_line_start, line_start - 1)]
    if (
        _PHONE_AFTER.match(doc_text(doc)[end : end + 30])
        or lang.people.contact_lead.search(lead)
        or (not lead.strip() and lang.people.contact_lead.search(prev_line))
    ):
        role = role or "contact"
    root = span.root
    # apposition / compound heads and dependents ("X, the victim", "the victim, X")
    related = [root.head] if root.dep_ in {"appos", "compound", "nmod"} else []
    related += [
        c
        for c in root.children
        if c.dep_ in {"appos", "compound"} and c.i not in range(span.start, span.end)
    ]
    for rel in related:
        if rel.i in aliases:
            continue
        lo, hi = sorted((rel.i, root.i))
        if "\n" in doc[lo : hi + 1].text:
            continue  # the parser linked words on different lines (a table cell, a heading)
        if any(t.text in _SIDES for t in doc[lo + 1 : hi]):
            continue  # two parties of a caption ("Public Prosecutor — X", "State v X")
        w = rel.lower_
        if w in lang.lexicon.accused_nouns:
            accused = True
        elif w in lang.lexicon.protected_role_words and role is None:
            role = w
    # "X, a 17-year-old girl"/ "X, who was rescued"; "X, 21 and Y, 20 who were rescued" (the
    # clause of a list of names, hung on one of them: a plural auxiliary says it is all of
    # theirs)
    listed_with = [c for c in root.children if c.dep_ in {"conj", "appos"} and c.pos_ == "PROPN"]
    if root.dep_ in {"conj", "appos"} and root.head.pos_ == "PROPN":
        listed_with.append(root.head)
    for node, own in [(root, True), *((n, False) for n in listed_with)]:
        for child in node.children:
            if (
                child.dep_ in {"relcl", "acl:relcl"}
                and _victim_verb(lang, child)
                and any(g.dep_ in {"nsubjpass", "nsubj:pass"} for g in child.children)
                and (own or any(g.lower_ in {"were", "are"} for g in child.children))
            ):
                role = role or ("victim" if not accused else None)
    # object of a victim verb: "rescued X", "X was trafficked"
    head = root.head
    lo, hi = sorted((head.i, root.i))
    across_lines = "\n" in doc[lo : hi + 1].text  # a headline's verb parsed with the body's name
    if (
        root.dep_ in {"dobj", "obj", "nsubjpass", "nsubj:pass"}
        and not across_lines
        and _victim_verb(lang, head)
    ):
        role = role or ("victim" if not accused else None)
    if (
        root.dep_ == "nsubj"
        and lang.people.passive_auxiliaries
        and any(
            c.dep_ in {"aux", "aux:pass", "cop"}
            and c.lemma_.lower() in lang.people.passive_auxiliaries
            for c in head.children
        )
        and _victim_verb(lang, head)
    ):
        role = role or ("victim" if not accused else None)
    # the speaker of a quote is an official or a witness unless shown to be accused
    if root.dep_ == "nsubj" and head.lemma_ in lang.lexicon.speech_verbs:
        role = role or "speaker"
    # a name in a list introduced for a group ("The girls rescued were identified as A and B",
    # "The arrested accused were identified as A and B"): the group says who they are
    listed = introduced_in(lang, doc, start)
    if listed is not None and listed.kind == VICTIM and not accused:
        role = role or "victim"
    elif listed is not None and listed.kind == ACCUSED:
        accused = True
    return role, accused


def _listed_with_accused(doc: Doc, person: Person, accused_at: set[int]) -> list[Span]:
    """The mentions of `person` coordinated with a name the text calls accused ("identified
    the suspects as X and her partner Y", "the appellants, X and Y"): Y is listed with X."""
    out: list[Span] = []
    for start, end in person.mentions:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        tok = span.root
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
            if tok.i in accused_at and "\n" not in doc[min(tok.i, span.root.i) : span.root.i].text:
                out.append((start, end))
                break
    return out


def assign_roles(lang: LanguageSupport, doc: Doc, people: list[Person]) -> None:
    aliases = frozenset(
        t.i
        for p in people
        for s, e in p.alias_mentions
        for t in (doc.char_span(s, e, alignment_mode="expand") or ())
    )
    # each mention's (span, role, accused marker), read before any person's roles are set so
    # that a conjunct can follow the root of a mention named as accused (`accused_at`)
    accused_at: set[int] = set()
    read: list[list[tuple[Span, str | None, bool]]] = []
    for person in people:
        read.append([])
        for start, end in person.mentions:
            if (start, end) in person.alias_mentions:
                continue
            role, accused = _mention_roles(lang, doc, start, end, aliases)
            read[-1].append(((start, end), role, accused))
            span = doc.char_span(start, end, alignment_mode="expand")
            if accused and span is not None:
                accused_at.add(span.root.i)
    for person, mentions in zip(people, read, strict=True):
        roles: list[str] = []
        for (start, end), role, accused in mentions:
            if accused:
                person.accused_evidence.append((start, end))
            if role:
                roles.append(role)
        if not person.accused_evidence:
            person.accused_evidence.extend(_listed_with_accused(doc, person, accused_at))
        hard = [r for r in roles if r in lang.lexicon.never_perpetrator_roles]
        if hard:
            person.role = hard[0]
        elif roles and not person.accused_evidence:
            person.role = roles[0]
        elif person.accused_evidence:
            person.role = "accused"


@Language.factory(
    "tipwatch_people",
    requires=["doc.ents", "token.dep", "doc._.prose_mask"],
    assigns=["doc._.people"],
    default_config={"language": "en"},
)
def make_people(nlp: Language, name: str, language: str) -> PeopleFinder:
    return PeopleFinder(support_for(language))


class PeopleFinder:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        cands, aliases, listed = split_aliases(self.lang, doc, collect_candidates(self.lang, doc))
        people = _merge(doc, cands)
        orphans = attach_aliases(people, aliases)
        if orphans:
            # an alias whose owner the NER missed is a person of its own
            people = _merge(doc, sorted(cands + orphans, key=lambda c: c[0].start))
            attach_aliases(people, [a for a in aliases if a[0] not in orphans])
        # an alias list no candidate covers names no one else: left out when its owner is not found
        attach_aliases(people, listed)
        people = drop_headline_fragments(self.lang, doc, people)
        attach_defined_terms(self.lang, doc, people)
        phrases = _demonyms_in(self.lang, doc_text(doc)) if people else ()
        for person in people:
            _read_age_nationality(self.lang, doc, person, phrases)
        assign_roles(self.lang, doc, people)
        doc._.people = people
        return doc
