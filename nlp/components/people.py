"""Find the people in a text, merge their mentions, read age/nationality, and mark roles.

Candidates come from the statistical NER (PERSON) and from name-shape patterns for names the
small model misses ("Name, 45,", "45-year-old Name", "the accused, Name", "identified as Name").
Protected roles (victims, minors, witnesses, relatives, officers, judges, lawyers, officials)
are marked here; they are never output as perpetrators.
"""

from __future__ import annotations

import re
import unicodedata

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from tipwatch.nlp.components.base import Person, doc_text
from tipwatch.nlp.components.zones import LISTED
from tipwatch.nlp.lexicon import (
    ACCUSED_NOUNS,
    PROTECTED_ROLE_WORDS,
    PSEUDONYMS,
    SPEECH_VERBS,
    VICTIM_VERBS,
    VULNERABLE_ROLE_WORDS,
    demonyms,
)

_PARTICLE = r"(?:van|von|de|da|del|dos|das|di|du|bin|binti|bint|al|el|la|le|ul|ud|abu|ibn|der|den)"
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+)"
# words of one name are on one line (a line break separates table cells and headings)
NAME_RE = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{1,3}}"
_SHAPE_PATTERNS = [
    # "Name, 45," / "Name, 45, of Town"
    (
        re.compile(
            rf"(?<![\w.])(?P<name>{NAME_RE}),\s+(?:aged\s+)?(?P<age>\d{{1,2}})\s*(?:,|\b(?:of|from)\b|$)",
            re.M,
        ),
        True,
    ),
    # "Name (45)"
    (re.compile(rf"(?<![\w.])(?P<name>{NAME_RE})\s+\((?P<age>\d{{1,2}})\)"), True),
    # "45-year-old Name"
    # "45-year-old Name", "a 36-year-old woman, Name"
    (
        re.compile(
            rf"\b(?P<age>\d{{1,2}})-year-old\s+(?:\w+\s+){{0,2}}?(?:[a-z]+,\s+)?(?P<name>{NAME_RE})"
        ),
        True,
    ),
    # "the accused, Name" / "suspect Name" / "identified as Name"
    (
        re.compile(
            rf"\b(?:accused|defendants?|suspects?|traffickers?|smugglers?|ringleader|identified as|"
            rf"named as|mastermind)\s*,?\s+(?:as\s+)?(?P<name>{NAME_RE})"
        ),
        False,
    ),
]
_ACCUSED_CUE = re.compile(
    r"(?:co-)?(?:accused|defendants?|suspects?|traffickers?|smugglers?|ringleader|mastermind)\b"
)
_NOT_NAME_WORDS = {
    "gang",
    "pregnant",
    "the",
    "a",
    "an",
    "police",
    "court",
    "county",
    "district",
    "state",
    "national",
    "federal",
    "crown",
    "supreme",
    "high",
    "city",
    "street",
    "road",
    "department",
    "office",
    "agency",
    "ministry",
    "justice",
    "center",
    "centre",
    "human",
    "trafficking",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "north",
    "south",
    "east",
    "west",
    "new",
    "united",
    "kingdom",
    "states",
    "republic",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "mr",
    "mrs",
    "ms",
    "miss",
    "in",
    "on",
    "at",
    "for",
    "and",
    "but",
    "after",
    "before",
    "when",
    "while",
    "with",
    "from",
    "by",
    "of",
    "this",
    "that",
    "these",
    "those",
    "both",
    "all",
    "two",
    "three",
    "four",
    "five",
    "six",
    "prosecutors",
    "detectives",
    "officers",
    "investigators",
    "authorities",
    "judge",
    "magistrate",
    "defendant",
    "defendants",
    "accused",
    "suspect",
    "suspects",
    "victim",
    "victims",
    "island",
    "bay",
    "beach",
    "park",
    "valley",
    "hills",
    "airport",
    "university",
    "school",
    "hospital",
    "church",
    "party",
    "government",
    "council",
    "task",
    "force",
    "unit",
    "division",
    "bureau",
    "service",
    "services",
    "commission",
    "team",
    "case",
    "press",
    "release",
    "immediate",
    "follow",
    "us",
    "home",
    "share",
    "read",
    "more",
    "related",
    "posts",
    "latest",
    "news",
    "minister",
    "senator",
    "president",
    "officer",
    "detective",
    "inspector",
    "sergeant",
    "constable",
    "director",
    "chief",
    "attorney",
    "general",
    "dr",
    "professor",
    "lord",
    "sir",
    "dame",
    "lady",
    "royal",
    "old",
    "bailey",
    "act",
    "section",
    "code",
    "penal",
    "law",
    "laws",
    "bill",
    "avenue",
    "world",
    "cup",
    "christmas",
    "easter",
    "thanks",
    "dear",
    "said",
    "says",
    "told",
    "according",
    "deputy",
    "sheriff",
    "facebook",
    "twitter",
    "instagram",
    "youtube",
    "google",
    "whatsapp",
    "telegram",
    "prime",
    "bank",
    "hotel",
    "restaurant",
    "spa",
    "limited",
    "ltd",
    "inc",
    "llc",
    "group",
    "media",
    "herald",
    "times",
    "post",
    "daily",
    "mail",
    "guardian",
    "telegraph",
    "tribune",
}
_TITLE_PREFIX = {"mr", "mrs", "ms", "miss", "mx", "madam", "madame", "mdm"}
_PLACEHOLDER = re.compile(
    r"^(jane|john|baby|child|victim|witness|mr|ms|miss)\s+(doe|roe|[a-z]|\d+)$", re.I
)


def norm_name(name: str) -> str:
    """Case/accent/punctuation/whitespace-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", "", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def _clean_name_span(span: SpacySpan) -> SpacySpan | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_.rstrip(".") in _TITLE_PREFIX or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    if end <= start:
        return None
    start = _extend_left(doc, start, end)
    out = doc[start:end]
    if "\n" in out.text:
        out = doc[start : start + len(out.text.split("\n")[0].split())]
        if len(out) == 0:
            return None
    return out


_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}
_DATE_LEAD = {
    "on",
    "last",
    "next",
    "this",
    "by",
    "until",
    "till",
    "since",
    "from",
    "every",
    "each",
    "before",
    "after",
    "of",
    "in",
    "late",
    "early",
    "that",
    "between",
    "to",
    "through",
}
# abbreviated given names written with a full stop ("Ma. Cristina" = Maria Cristina)
_NAME_ABBREV = {"ma", "md", "mohd", "muhd", "wm", "jos", "sta", "sto"}


def _extend_left(doc: Doc, start: int, end: int) -> int:
    """Take in a given name the NER or the shape left out: "Friday Uchenna Okoro" (a weekday
    used as a first name, not after "on"/"last"...), "Ma. Cristina Ebol"."""
    if start == 0 or end - start < 2:
        return start
    prev = doc[start - 1]
    if prev.lower_ == "." and start >= 2 and doc[start - 2].lower_ in _NAME_ABBREV:
        return start - 2
    if prev.lower_.rstrip(".") in _NAME_ABBREV and prev.text.endswith("."):
        return start - 1
    if prev.lower_ in _CALENDAR and prev.is_title and start >= 2:
        before = doc[start - 2]
        if (
            before.lower_ not in _DATE_LEAD
            and not before.like_num
            and prev.whitespace_
            and "\n" not in before.text_with_ws
        ):
            return start - 1
    return start


def is_place_name(text: str) -> bool:
    """A country, first-level region, US state or city in the gazetteer (never a person)."""
    from tipwatch.nlp.gazetteer import lookup_city, lookup_country, subdivisions, us_states

    key = text.lower().strip()
    return bool(
        lookup_country(key)
        or key in subdivisions()
        or key in us_states()
        or lookup_city(key) is not None
    )


def _plausible_name(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 5:
        return False
    check = words
    if len(words) >= 3 and (
        words[0].lower() in _CALENDAR or words[0].lower().rstrip(".") in _NAME_ABBREV
    ):
        check = words[1:]
    if any(w.lower().strip(".,'’") in _NOT_NAME_WORDS for w in check):
        return False
    if len(words) == 1 and is_place_name(text):
        return False
    if len(words) > 1 and is_place_name(text):
        return False
    if norm_name(text) in PSEUDONYMS or _PLACEHOLDER.match(text):
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if any(re.search(r"['’]s$", w) for w in words[:-1]):
        return False  # "Clemente’s Anaheim apartment": a possessive ends the name
    if text.isupper() and len(text) > 4:
        return False
    letters = [w for w in words if w[:1].isalpha()]
    return bool(letters) and all(w[:1].isupper() or w.lower() in _PARTICLE for w in words)


def _char_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "obj"}
_LEGAL_LEMMAS = {
    "arrest",
    "detain",
    "charge",
    "indict",
    "arraign",
    "convict",
    "sentence",
    "jail",
    "imprison",
    "acquit",
    "plead",
    "admit",
    "deny",
    "face",
    "find",
    "guilty",
    "extradite",
    "apprehend",
    "prosecute",
    "accuse",
    "remand",
    "want",
    "nab",
}


def collect_candidates(doc: Doc) -> list[tuple[SpacySpan, bool, int | None]]:
    """(span, from_shape, age) for every name mention found by NER or by shape."""
    mask = doc._.prose_mask or [2] * len(doc)
    found: dict[tuple[int, int], tuple[SpacySpan, bool, int | None]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        span = _clean_name_span(ent)
        if span is None or mask[span.start] == LISTED or not _plausible_name(span.text):
            continue
        found[(span.start_char, span.end_char)] = (span, False, None)
    for pattern, has_age in _SHAPE_PATTERNS:
        for m in pattern.finditer(doc_text(doc)):
            span = _char_span(doc, m.start("name"), m.end("name"))
            if span is None or mask[span.start] == LISTED:
                continue
            span = _clean_name_span(span)
            if span is None or not _plausible_name(span.text):
                continue
            if is_place_name(span.text) or (
                any(t.ent_type_ in {"GPE", "LOC", "FAC", "DATE", "ORG"} for t in span)
                and not any(t.ent_type_ == "PERSON" for t in span)
                and not has_age
                and not _ACCUSED_CUE.match(m.group(0))
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
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.dep_ not in _ARG_DEPS or mask[tok.i] == LISTED:
            continue
        if tok.head.lemma_.lower() not in _LEGAL_LEMMAS:
            continue
        left = tok.i
        while (
            left > 0
            and doc[left - 1].pos_ == "PROPN"
            and doc[left - 1].dep_ in {"compound", "flat"}
            and doc[left - 1].head.i in range(left, tok.i + 1)
        ):
            left -= 1
        span = doc[left : tok.i + 1]
        if len(span) < 2 or any(t.ent_type_ in {"GPE", "LOC", "NORP", "FAC"} for t in span):
            continue
        cleaned = _clean_name_span(span)
        if cleaned is None or not _plausible_name(cleaned.text):
            continue
        key = (cleaned.start_char, cleaned.end_char)
        if any(k[0] < key[1] and key[0] < k[1] for k in found):
            continue
        found[key] = (cleaned, True, None)
    return sorted(found.values(), key=lambda x: x[0].start)


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
            nk = key.split()
            for other_key, other in by_key.items():
                ok = other_key.split()
                # "Ali Al Jenabi" ~ "Al Jenabi": two or more final words in common
                short, long_ = sorted((ok, nk), key=len)
                suffix = len(short) >= 2 and long_[-len(short) :] == short
                if (ok[0] == nk[0] and ok[-1] == nk[-1]) or suffix:
                    person = other
                    if len(nk) > len(ok):
                        other.name = span.text
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
    for tok in doc:
        if not tok.is_title or False:
            continue
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


_AGE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:aged\s+)?(\d{1,2})\s*(?:,|\)|\b)")
_AGE_BEFORE = re.compile(r"\b(\d{1,2})[- ]year[- ]old\s+(?:\w+\s+){0,2}$")


def _read_age_nationality(doc: Doc, person: Person) -> None:
    dem = demonyms()
    for start, end in person.mentions:
        if person.age is None:
            m = _AGE_AFTER.match(doc_text(doc)[end : end + 16])
            if m:
                person.age = int(m.group(1))
                person.age_evidence = (end + m.start(1), end + m.end(1))
            else:
                m = _AGE_BEFORE.search(doc_text(doc)[max(0, start - 40) : start])
                if m:
                    off = max(0, start - 40)
                    person.age = int(m.group(1))
                    person.age_evidence = (off + m.start(1), off + m.end(1))
        if person.nationality is None:
            window_after = doc_text(doc)[end : end + 80]
            window_before = doc_text(doc)[max(0, start - 40) : start]
            for phrase in sorted(dem, key=len, reverse=True):
                pat = re.compile(
                    rf"^[^.;\n]{{0,30}}?\b(?:an?|the)\s+({re.escape(phrase)})\s+"
                    rf"(?:national|citizen|man|woman|businessman|businesswoman|woman|"
                    rf"trafficker|smuggler|suspect|native)\b",
                    re.I,
                )
                m = pat.search(window_after)
                off = end
                if not m:
                    pat2 = re.compile(
                        rf"\b({re.escape(phrase)})\s+(?:national|citizen|man|woman|"
                        rf"trafficker|smuggler|suspect|businessman)\s*,?\s*$",
                        re.I,
                    )
                    m = pat2.search(window_before)
                    off = max(0, start - 40)
                if m:
                    person.nationality = dem[phrase]
                    person.nationality_evidence = (off + m.start(1), off + m.end(1))
                    break


_NOT_VICTIM_CONTEXT = {"guilty", "liable", "responsible", "possession", "custody", "suspect"}
_HOLD_VICTIM = {"captive", "hostage", "hostages", "slavery", "servitude", "will", "bondage"}


def _victim_verb(verb: Token) -> bool:
    """Does `verb` make its object a victim? "found guilty", "held in custody" do not."""
    lemma = verb.lemma_.lower()
    if lemma not in VICTIM_VERBS:
        return False
    words = {t.lower_ for t in verb.subtree}
    if words & _NOT_VICTIM_CONTEXT:
        return False
    return lemma != "hold" or bool(words & _HOLD_VICTIM)


_PHONE_AFTER = re.compile(r"^[\s,:]*(?:\+?\(?\d{2,4}\)?[\s.-]?){2,}\d{3,}")
_CONTACT_LEAD = re.compile(
    r"^\s*(?:media\s+(?:inquiries|enquiries|contacts?)|press\s+(?:inquiries|enquiries|contacts?)|"
    r"contacts?|author|written\s+by|posted\s+by|by|reporter|editor|spokes(?:person|man|woman))"
    r"\s*:?\s*$",
    re.I,
)


def _mention_roles(doc: Doc, start: int, end: int) -> tuple[str | None, bool]:
    """(protected role word or None, accused marker) for one mention, from its context."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, False
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
        if t.is_punct and t.text not in {"'", "’"}:
            break
        if w in ACCUSED_NOUNS:
            accused = True
            break
        if w in PROTECTED_ROLE_WORDS:
            role = w
            break
        if not (t.is_title or t.is_upper or t.lower_ in {"'", "’", "'s", "’s", "as"}):
            break  # "the victim while X": a title runs up to the name, no function words
    # a press contact or a byline: "Media inquiries: X (02) 6277 7260", "Author\nX", "By X"
    line_start = doc_text(doc).rfind("\n", 0, start) + 1
    prev_line_start = doc_text(doc).rfind("\n", 0, max(0, line_start - 1)) + 1
    lead = doc_text(doc)[line_start:start]
    prev_line = doc_text(doc)[prev_line_start : max(prev_line_start, line_start - 1)]
    if (
        _PHONE_AFTER.match(doc_text(doc)[end : end + 30])
        or _CONTACT_LEAD.search(lead)
        or (not lead.strip() and _CONTACT_LEAD.search(prev_line))
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
        lo, hi = sorted((rel.i, root.i))
        if "\n" in doc[lo : hi + 1].text:
            continue  # the parser linked words on different lines (a table cell, a heading)
        w = rel.lower_
        if w in ACCUSED_NOUNS:
            accused = True
        elif w in PROTECTED_ROLE_WORDS and role is None:
            role = w
    # "X, a 17-year-old girl"/ "X, who was rescued"
    for child in root.children:
        if (
            child.dep_ == "relcl"
            and _victim_verb(child)
            and any(g.dep_ in {"nsubjpass", "nsubj:pass"} for g in child.children)
        ):
            role = role or "victim"
    # object of a victim verb: "rescued X", "X was trafficked"
    head = root.head
    if root.dep_ in {"dobj", "obj", "nsubjpass"} and _victim_verb(head):
        role = role or "victim"
    # the speaker of a quote is an official or a witness unless shown to be accused
    if root.dep_ == "nsubj" and head.lemma_ in SPEECH_VERBS:
        role = role or "speaker"
    return role, accused


_HARD_PROTECTED = {
    *VULNERABLE_ROLE_WORDS,
    "judge",
    "justice",
    "magistrate",
    "prosecutor",
    "prosecutors",
    "lawyer",
    "barrister",
    "solicitor",
    "counsel",
    "advocate",
    "attorney",
    "defence",
    "defense",
    "recorder",
}


HARD_PROTECTED = _HARD_PROTECTED


def assign_roles(doc: Doc, people: list[Person]) -> None:
    for person in people:
        roles: list[str] = []
        for start, end in person.mentions:
            role, accused = _mention_roles(doc, start, end)
            if accused:
                person.accused_evidence.append((start, end))
            if role:
                roles.append(role)
        hard = [r for r in roles if r in _HARD_PROTECTED]
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
)
def make_people(nlp: Language, name: str) -> PeopleFinder:
    return PeopleFinder()


class PeopleFinder:
    def __call__(self, doc: Doc) -> Doc:
        people = _merge(doc, collect_candidates(doc))
        for person in people:
            _read_age_nationality(doc, person)
        assign_roles(doc, people)
        doc._.people = people
        return doc
