"""Lists of names a report introduces for a group it spoke of.

- "The arrested accused were identified as A, B and C", "The arrested were identified as A
  and B", "They have been identified as A, 20, and B, 16" (after "three women were rescued");
- "arrested four women -- A, B and C -- and", "The convicted individuals—A, B, C—operated";
- "arrested three human traffickers including A, B and C", "namely A and B".

Police and court reports in South Asian and African news name the people of a raid this way,
the accused and the rescued alike, often in one text. Who the names are is said by the group,
not by the list: the group's noun ("accused", "girls"), a participle on it ("the arrested
accused", "the girls rescued from Mumbai"), the verb it is the object of ("arrested four
women", "rescued three girls") or, for "they", "the eight", "the duo", the group the sentences
before it last did something to ("the eight were nabbed", "three women were rescued from
them"). A long list of names is parsed badly (names end up as appositions, a "Mohd." splits the
sentence), so its extent and its items are read from the text: each item's first run of
capitalised words, up to the end of the sentence (or the dash that closes it).

`introduced_lists(lang, doc)` finds them once per document. The people component takes each
item as a name (a one-word name too) with the group's role; the status component gives it the
group's step; the victim guard protects every item of a victim group, found as a person or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from tipwatch.nlp.components.base import doc_text
from tipwatch.nlp.lang import LanguageSupport
from tipwatch.records import LegalStatus, Span

ACCUSED = "accused"
VICTIM = "victim"

# how far back the group a pronoun stands for is looked for (characters)
_LOOKBACK = 600
# a period ends the list when a space follows it and the word before it is no initial or
# abbreviation ("Md. Anwar", "K. C."): at least three letters, or digits
_END = re.compile(r"(?:(?<=[^\W\d_]{3})|(?<=\d))[.!?](?=\s|$)|[;\n]")
# a dash that closes a list opened by one ("four women -- A, B and C -- and one man")
_DASH = re.compile(r"\s?(?:--|—|–)\s?|\s-\s")
# a name word of a list item: capitalised, initials and dotted abbreviations too ("Md.",
# "K.C", "Mohd.Abdul")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_PLACE_ADJECTIVE = re.compile(r"-(?:based|born|bred|raised|origin)$", re.I)
_AGE_WORD = re.compile(r"\(?(?:\d{1,3}|aged|years?|old|yrs?\.?)\)?", re.I)


@dataclass(frozen=True)
class IntroducedList:
    span: Span  # the characters of the list
    kind: str  # ACCUSED or VICTIM
    step: LegalStatus | None  # the group's step read here; None: the group noun's own
    triggers: tuple[int, ...]  # token indices of the words that decide kind and step
    group: int  # token index of the group's noun
    items: tuple[Span, ...]  # each item's run of name words


def _modifier_reading(lang: LanguageSupport, tok: Token) -> tuple[str, LegalStatus | None] | None:
    """What a participle on (or a verb of) the group says: "rescued" a victim group,
    "arrested" an accused one with that step."""
    lemma = tok.lemma_.lower()
    if lemma in lang.lexicon.victim_verbs:
        return VICTIM, None
    if lemma in lang.lexicon.transitive_triggers:
        step = lang.status.verb_status(lang, tok, "obj") if tok.pos_ in {"VERB", "AUX"} else None
        return ACCUSED, step or lang.lexicon.transitive_triggers[lemma]
    return None


def _anaphoric(lang: LanguageSupport, subj: Token) -> bool:
    """ "They", "the eight", "the duo": a group the text spoke of before."""
    if subj.pos_ == "PRON":
        return subj.lower_ in lang.status.group_pronouns
    if subj.pos_ == "NUM" or subj.lower_ in lang.lexicon.number_words:
        return True
    return subj.lemma_.lower() in lang.status.group_nouns


def _antecedent(
    lang: LanguageSupport, doc: Doc, subj: Token, accused_only: bool
) -> tuple[str, LegalStatus | None, int] | None:
    """The group the nearest earlier clause did something to: a legal or victim verb whose
    passive subject or object is no name ("the eight were nabbed", "rescued three women")."""
    first_char = max(0, subj.idx - _LOOKBACK)
    for tok in reversed(doc[: subj.sent.start]):
        if tok.idx < first_char:
            break
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if not any(
            c.dep_ in {"nsubjpass", "nsubj:pass", "dobj", "obj"}
            and c.pos_ in {"NOUN", "NUM", "PRON"}
            for c in tok.children
        ):
            continue
        reading = _modifier_reading(lang, tok)
        if reading is None or (accused_only and reading[0] != ACCUSED):
            continue
        return reading[0], reading[1], tok.i
    return None


def _group(
    lang: LanguageSupport, doc: Doc, noun: Token, anaphora: bool
) -> tuple[str, LegalStatus | None, tuple[int, ...]] | None:
    """(kind, step, trigger tokens) of the group `noun` heads, or None when it is neither."""
    for child in noun.children:
        if child.dep_ in {"amod", "acl", "relcl"} and child.pos_ in {"VERB", "ADJ", "AUX"}:
            reading = _modifier_reading(lang, child)
            if reading is not None:
                return reading[0], reading[1], (child.i,)
    lower, lemma = noun.lower_, noun.lemma_.lower()
    accused_noun = lower in lang.lexicon.accused_nouns or lemma in lang.lexicon.accused_nouns
    if (
        not accused_noun
        and lemma in lang.lexicon.transitive_triggers
        and noun.pos_ in {"VERB", "ADJ", "NOUN"}
    ):
        # "The arrested were identified as" (not "the accused", which names no step)
        return ACCUSED, lang.lexicon.transitive_triggers[lemma], (noun.i,)
    if accused_noun:
        # "The accused were identified as": the step the text last reported for a group (or
        # the one the noun's own place gives it, read by the status component)
        found = _antecedent(lang, doc, noun, accused_only=True) if anaphora else None
        if found is not None:
            return ACCUSED, found[1], (noun.i, found[2])
        return ACCUSED, None, (noun.i,)
    if lemma in lang.lexicon.vulnerable_role_words:
        return VICTIM, None, (noun.i,)
    verb = noun.head
    if noun.dep_ in {"dobj", "obj", "nsubjpass", "nsubj:pass"} and verb.pos_ in {"VERB", "AUX"}:
        # "arrested four women -- A, B", "rescued three girls including A"
        reading = _modifier_reading(lang, verb)
        if reading is not None:
            return reading[0], reading[1], (verb.i,)
    if anaphora and _anaphoric(lang, noun):
        found = _antecedent(lang, doc, noun, accused_only=False)
        if found is not None:
            return found[0], found[1], (found[2],)
    return None


def _items(
    lang: LanguageSupport, text: str, start: int, end: int, need_first: bool
) -> tuple[Span, ...]:
    """Each item's first run of name words. Items end at commas, semicolons and "and"; an
    item may open with lower-case words ("absconder X", "his wife X", "one man X") and may be
    an age alone (", 30,"). The list ends at an item that opens with a function word (", of
    Dharan", ", during a raid") or has no name (", all three organisers"). With `need_first`,
    the first item must open with a name word."""
    stops = lang.status.list_stop_words
    not_modifiers = stops | lang.status.alias_words
    items: list[Span] = []
    for item in re.finditer(r"[^,;]+", text[start:end]):
        offset = start + item.start()
        for part in re.split(r"(\s*\band\s+)", item.group(0)):
            words = [(offset + w.start(), w.group(0)) for w in re.finditer(r"\S+", part)]
            offset += len(part)
            if not words or re.fullmatch(r"\s*\band\s+", part):
                continue
            if all(_AGE_WORD.fullmatch(w) for _, w in words):
                continue  # an age: "A, 30, B"
            run: list[Span] = []
            modifier = False
            for at, word in words:
                clean = word.strip("\"'“”‘’()")
                if _NAME_WORD.fullmatch(clean) and (
                    _POSSESSIVE.search(clean) or _PLACE_ADJECTIVE.search(clean)
                ):
                    # "Kathmandu's Shahvin Shah", "Dubai-based Shahvin Shah": a place's, or a
                    # place made an adjective, before the name
                    run = []
                elif _NAME_WORD.fullmatch(clean):
                    begin = at + word.find(clean)
                    run.append((begin, begin + len(clean)))
                elif run:
                    # "Duran Ramirezs son": the capitalised words modify a noun
                    lower = clean.lower()
                    modifier = lower.isalpha() and lower not in not_modifiers
                    break
                elif clean.lower() in stops or (need_first and not items):
                    return tuple(items)
            if not run:
                return tuple(items)
            if not modifier:
                items.append((run[0][0], run[-1][1]))
    return tuple(items)


def _frame_lists(lang: LanguageSupport, doc: Doc, text: str) -> list[IntroducedList]:
    """Lists after a group noun: a dash, a colon, "including", "namely"; and, for a group of
    victims only, a comma ("rescued four victims, A (30), B (55) and C (18)"): a comma after
    a group of the accused is too often the end of a clause ("arrested two men, a spokesman
    said") to name them, while protecting a name too many costs nothing."""
    out: list[IntroducedList] = []
    frame = lang.status.group_list_frame
    if frame is None:
        return out
    matches = [(m, False) for m in frame.finditer(text)]
    if lang.status.victim_list_comma is not None:
        matches += [(m, True) for m in lang.status.victim_list_comma.finditer(text)]
    for m, victims_only in matches:
        noun_tok = doc.char_span(m.start("noun"), m.end("noun"), alignment_mode="contract")
        if noun_tok is None or len(noun_tok) != 1:
            continue
        noun = noun_tok[0]
        plural = noun.pos_ == "NOUN" and noun.tag_ in {"NNS", "NNPS"}
        if not plural and noun.lower_ not in lang.lexicon.accused_nouns:
            continue
        if victims_only and (
            noun.dep_ == "pobj" or not any(c.dep_ == "nummod" for c in noun.children)
        ):
            # a counted group ("rescued four victims, A, B"), not a fronted phrase's noun
            # ("For conviction of the counts of trafficking of minors, X and Y would face")
            continue
        group = _group(lang, doc, noun, anaphora=False)
        if group is None or (victims_only and group[0] != VICTIM):
            continue
        start = m.end()
        end = _list_end(lang, text, start)
        if m.groupdict().get("dash"):
            close = _DASH.search(text, start, end)
            end = close.start() if close else end
        items = _items(lang, text, start, end, need_first=True)
        if items:
            out.append(IntroducedList((start, items[-1][1]), *group, noun.i, items))
    return out


def _named_accused(lang: LanguageSupport, doc: Doc, text: str) -> list[IntroducedList]:
    """ "The case, registered by the agency, names X as the prime accused, along with A and B":
    the case's accused, charged, when a case noun comes before the verb in its sentence."""
    out: list[IntroducedList] = []
    frame = lang.status.named_accused_frame
    if frame is None:
        return out
    for m in frame.finditer(text):
        verb = doc.char_span(m.start(), m.start("first"), alignment_mode="contract")
        if verb is None or not len(verb):
            continue
        sent = verb[0].sent
        if not any(t.lower_ in lang.status.case_nouns for t in doc[sent.start : verb[0].i]):
            continue
        items = _items(lang, text, m.start("first"), m.end("first"), need_first=True)
        if not items:
            continue
        if m.end() > m.end("first") and text[m.end() - 1].isspace() and "with" in m.group(0):
            items += _items(lang, text, m.end(), _list_end(lang, text, m.end()), need_first=False)
        out.append(
            IntroducedList(
                (items[0][0], items[-1][1]),
                ACCUSED,
                LegalStatus.CHARGED,
                (verb[0].i,),
                verb[0].i,
                items,
            )
        )
    return out


def _list_end(lang: LanguageSupport, text: str, start: int) -> int:
    """Where the sentence that holds the list ends: not at the period of a name's
    abbreviation ("Mohd. Yousuf Khan", "Md. Anwar")."""
    for m in _END.finditer(text, start):
        word = re.search(r"(\w+)$", text[max(start, m.start() - 12) : m.start()])
        if m.group(0) == "." and word and word.group(1).lower() in lang.people.name_abbreviations:
            continue
        return m.start()
    return len(text)


def _subject_list(
    lang: LanguageSupport, doc: Doc, text: str, subj: Token, after: Token, need_first: bool
) -> IntroducedList | None:
    """The list of names after the word `after` ("as", "are") for the group `subj` heads, up
    to the end of the sentence."""
    group = _group(lang, doc, subj, anaphora=True)
    if group is None:
        return None
    start = after.idx + len(after.text)
    items = _items(lang, text, start, _list_end(lang, text, start), need_first=need_first)
    return IntroducedList((start, items[-1][1]), *group, subj.i, items) if items else None


def introduced_lists(lang: LanguageSupport, doc: Doc) -> list[IntroducedList]:
    """Every list of names a group introduces in the document (computed once)."""
    cached = doc.user_data.get("tipwatch_introduced")
    if isinstance(cached, list):
        return cached
    rules = lang.status
    text = doc_text(doc)
    identified: list[IntroducedList] = []
    listed: list[IntroducedList] = []
    for verb in doc:
        lemma = verb.lemma_.lower()
        if lemma in rules.identify_lemmas and verb.dep_ not in rules.relative_deps:
            # "The arrested accused were identified as A, B and C"
            subj = next((c for c in verb.children if c.dep_ in {"nsubjpass", "nsubj:pass"}), None)
            prep = next(
                (c for c in verb.children if c.dep_ == "prep" and c.lower_ == rules.identified_as),
                None,
            )
            if subj is not None and prep is not None and subj.pos_ != "PROPN":
                found = _subject_list(lang, doc, text, subj, prep, need_first=False)
                identified += [found] if found else []
        if lemma in rules.group_list_verbs:
            # "The arrestees are A, B and C", "The accused include A and B"
            subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None and subj.pos_ in {"NOUN", "VERB", "ADJ"} and subj.i < verb.i:
                found = _subject_list(lang, doc, text, subj, verb, need_first=True)
                listed += [found] if found else []
    # the first list a name is in decides (`introduced_in`): "identified as" lists first
    out = identified + _named_accused(lang, doc, text) + listed
    out += _frame_lists(lang, doc, text)
    doc.user_data["tipwatch_introduced"] = out
    return out


def introduced_in(lang: LanguageSupport, doc: Doc, start: int) -> IntroducedList | None:
    """The list the name at character `start` is an item of, if any."""
    for lst in introduced_lists(lang, doc):
        if any(s <= start < e for s, e in lst.items):
            return lst
    return None
