"""Charges: trafficking and smuggling offences by wording and by statute, with a category.

Each hit gets a tier: a formal charge statement or a count in a charge list beats prose about
the case, which beats headlines, definitions and background; only the highest tier present
gives the case's charges (`select_charges`). Where the wording does not say which kind of
trafficking, the category is inferred from the charge's own context, then from the text
(organs -> organ, commercial sex -> sex, forced work -> labour); with nothing to go on, no
category is reported. A statute's own gloss ("section 370(4), which deals with trafficking of
minors") counts as its wording. The wordings, statutes and cues are the language's
(`LanguageSupport.charges`, English in `nlp/lang/en/charges.py`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from tipwatch.nlp.components.base import ChargeHit, doc_text
from tipwatch.nlp.components.trade import trade_objects
from tipwatch.nlp.components.zones import LISTED, PROSE, prose_line_mask
from tipwatch.nlp.lang import LanguageSupport, support_for
from tipwatch.nlp.lang.rules import ChargeRules
from tipwatch.nlp.relevance import PatternGate
from tipwatch.records import ChargeCategory as C


def not_an_offence(rules: ChargeRules, text: str, start: int, end: int) -> bool:
    """The trafficking words name an agency, a campaign or a place, not an offence."""
    return bool(
        rules.org_after.match(text[end : end + 40])
        or rules.not_offence_before.search(text[max(0, start - 40) : start])
    )


def _is_headline(rules: ChargeRules, line: str) -> bool:
    """A title or standfirst line: capitals throughout or title case, no closing stop."""
    stripped = line.strip()
    letters = rules.letters.findall(stripped)
    if not letters:
        return False
    if sum(map(str.isupper, letters)) >= 0.7 * len(letters):
        return True
    words = [w for w in stripped.split() if rules.letters.search(w)]
    if stripped.endswith((".", "!", "?", '"', "”")) or len(words) < 4:
        return False
    minor = rules.headline_minor_words
    capped = sum(1 for w in words if w[0].isupper() or w.lower() in minor)
    return capped >= 0.85 * len(words)


def _line_tiers(rules: ChargeRules, text: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, headline, listed count) per line."""
    out: list[tuple[int, int, bool, bool]] = []
    pos = 0
    in_list = 0  # lines left in the current list of counts
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        words = line.split()
        if rules.list_head.search(line.strip()):
            in_list = 15
            out.append((start, end, False, False))
            continue
        if in_list and (rules.list_stop.match(line) or len(words) > 12):
            in_list = 0
        listed = bool(in_list) and 0 < len(words) <= 12
        if in_list:
            in_list -= 1
        out.append((start, end, not listed and _is_headline(rules, line), listed))
    return out


def _sentence(rules: ChargeRules, text: str, start: int, end: int) -> tuple[int, int]:
    s = 0
    for m in rules.sent_end.finditer(text, max(0, start - 600), start):
        s = m.end()
    m2 = rules.sent_end.search(text, end)
    return s, (m2.end() if m2 else len(text))


def infer_category(rules: ChargeRules, text: str, context: str | None = None) -> C | None:
    """Category for generic trafficking wording: from the charge's own context first, else from
    the text's vocabulary (organ removal -> organ, commercial sex -> sex, forced work -> labour);
    None when the text gives nothing to go on."""
    for chunk in (context, text):
        if not chunk:
            continue
        chunk = _without_definitions(rules, chunk)
        sex = len(rules.sex_context.findall(chunk))
        labour = len(rules.labour_context.findall(chunk))
        organ = len(rules.organ_context.findall(chunk))
        if organ and organ >= max(sex, labour):
            return C.ORGAN_TRAFFICKING
        if labour > sex:
            return C.LABOUR_TRAFFICKING
        if sex:
            return C.SEX_TRAFFICKING
    return None


_SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+|\n+")


def _without_definitions(rules: ChargeRules, chunk: str) -> str:
    """`chunk` without the sentences that quote a law's definition (`_quotes_definition`):
    their enumerated purposes say nothing of what this case's victims were exploited for."""
    if rules.purpose_term is None or not rules.purpose_term.search(chunk):
        return chunk
    parts = _SENTENCE_BREAK.split(chunk)
    return " ".join(p for p in parts if not _quotes_definition(rules, p))


def statute_gloss(rules: ChargeRules, text: str, m: re.Match[str]) -> str:
    """What the text says the statute covers: a bracketed gloss inside the match ("section 143
    (trafficking of persons)") or a following "which deals with ..." clause."""
    inner = " ".join(rules.gloss_inner.findall(m.group(0)))
    after = rules.gloss_after.match(text[m.end() : m.end() + 160])
    return " ".join(x for x in (inner, after.group(0) if after else "") if x)


@cache
def _gate(lang: LanguageSupport) -> PatternGate:
    """The literal gate of the language's charge wordings, statutes and bare "trafficking", in
    the order `find_charges` runs them."""
    rules = lang.charges
    return PatternGate(
        [rx for rx, _c, _s in rules.patterns]
        + [rx for rx, _c, _s in rules.statutes]
        + [rules.bare_trafficking]
    )


def find_charges(
    lang: LanguageSupport,
    text: str,
    allowed: list[tuple[int, int]] | None = None,
    lines: list[tuple[int, int, bool, bool]] | None = None,
) -> list[ChargeHit]:
    """Every trafficking/smuggling charge wording in `text` (optionally only inside `allowed`),
    each with its tier (see `ChargeHit.tier`). `select_charges` keeps the ones that count.
    `lines`: the text's `_line_tiers` when the caller has them. A pattern the text's literals
    rule out (`PatternGate`) is not run: it could match nothing."""
    rules = lang.charges
    hits: list[ChargeHit] = []
    taken: list[tuple[int, int]] = []
    if lines is None:
        lines = _line_tiers(rules, text)
    possible = iter(_gate(lang).possible(text))
    prose_text = "\n".join(text[s:e] for s, e in allowed) if allowed is not None else text

    def ok(start: int, end: int) -> bool:
        if allowed is not None and not any(s <= start < e for s, e in allowed):
            return False
        return not any(s < end and start < e for s, e in taken)

    def place(start: int, end: int) -> tuple[int, bool, str]:
        line = next((ln for ln in lines if ln[0] <= start < ln[1]), (0, len(text), False, False))
        if line[3]:
            return 3, True, text[max(0, start - 300) : end + 300]
        s, e = _sentence(rules, text, start, end)
        sent = text[s:e]
        context = text[max(line[0], s - 300) : min(line[1], e + 300)]
        if line[2]:
            return 1, False, context
        agent = bool(
            rules.agent_noun.search(text[start:end]) or rules.agent_noun.match(text[end : end + 12])
        )
        if rules.charge_statement.search(sent) and not agent:
            return 3, False, context
        if rules.case_prose.search(sent):
            return 2, False, context
        return 1, False, context

    def add(m: re.Match[str], cat: C | None, statute: str | None) -> None:
        start, end = m.start(), m.end()
        if rules.suffered_before is not None and rules.suffered_before.search(
            text[max(0, start - 30) : start]
        ):
            taken.append((start, end))  # "the victims of sexual slavery": no charge
            return
        if cat is not None and _quotes_definition(
            rules, text[slice(*_sentence(rules, text, start, end))]
        ):
            # a purpose the law's definition enumerates, not a charge of this case
            taken.append((start, end))
            return
        tier, listed, context = place(start, end)
        category = cat
        was_inferred = guessed = False
        if category is None:
            gloss = statute_gloss(rules, text, m) if statute is not None else ""
            names_minor = (
                rules.minor_in_gloss.search(gloss)
                if statute is not None
                else rules.minor_in_charge.search(m.group(0))
            )
            if names_minor:
                category = C.CHILD_TRAFFICKING
            elif gloss and rules.organ_context.search(gloss):
                category = C.ORGAN_TRAFFICKING
            elif statute in rules.other_statutes:
                category = C.OTHER
            else:
                category = infer_category(rules, prose_text, context)
                was_inferred = True
                if category is None:
                    category, guessed = C.SEX_TRAFFICKING, True
        hits.append(
            ChargeHit(
                text=m.group(0),
                category=category,
                statute=statute,
                span=(start, end),
                inferred=was_inferred,
                tier=tier,
                listed=listed,
                guessed=guessed,
            )
        )
        taken.append((start, end))

    for rx, cat, statute in rules.patterns:
        if not next(possible):
            continue
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            if not ok(start, end):
                continue
            # the trade may sit inside the match too: "charged with operating [heroin]
            # trafficking"
            inner = m.group(0).lower().rfind("traffick")
            if (
                rules.distractor_before.search(text[max(0, start - 30) : start])
                or (inner > 0 and rules.distractor_before.search(text[start : start + inner]))
                or rules.distractor_after.match(text[end : end + 40])
                or not_an_offence(rules, text, start, end)
            ):
                continue
            add(m, cat, statute)
    for rx, cat, statute in rules.statutes:
        if not next(possible):
            continue
        for m in rx.finditer(text):
            if rules.court_after is not None and rules.court_after.match(text, m.end()):
                continue  # "a special POCSO court": the court's name, not a charge
            if ok(m.start(), m.end()):
                add(m, cat, statute)
    # a bare "trafficking" in a list of offences: "found guilty of conspiracy to rape, child
    # prostitution and trafficking"
    for m in rules.bare_trafficking.finditer(text) if next(possible) else ():
        start, end = m.start(), m.end()
        if not ok(start, end) or rules.distractor_after.match(text[end : end + 40]):
            continue
        if rules.distractor_before.search(text[max(0, start - 30) : start]):
            continue
        s, _e = _sentence(rules, text, start, end)
        lead = text[s:start]
        if rules.offence_list_lead.search(lead) and rules.list_joiner.search(lead):
            add(m, None, None)
    hits.sort(key=lambda h: h.span)
    return hits


def _quotes_definition(rules: ChargeRules, sentence: str) -> bool:
    """A sentence that enumerates the purposes of a law's definition of trafficking ("for the
    purpose of prostitution, pornography, sexual exploitation, forced labor, slavery ..."):
    its wording defines the offence, it does not say what this case is about."""
    if rules.purpose_term is None:
        return False
    named = {m.group(0).lower() for m in rules.purpose_term.finditer(sentence)}
    return len(named) >= rules.definition_purposes


def select_charges(hits: list[ChargeHit]) -> list[ChargeHit]:
    """The charges of the case: those worded where the text states a charge or legal step
    (the highest tier present), not headlines, definitions or background. Explicit wording
    beats an inferred category, except for a count listed on its own; a statute with an
    inferred category is kept under the category of the nearest named charge (its statute is
    what the case is charged under, `_statute_of`)."""
    # a category guessed with nothing in the text to support it is not reported
    hits = [h for h in hits if not h.guessed]
    if not hits:
        return []
    top = max(h.tier for h in hits)
    kept = [h for h in hits if h.tier == top]
    explicit = {h.category for h in kept if not h.inferred and h.category is not C.OTHER}
    if explicit:
        named = [h for h in kept if not h.inferred and h.category is not C.OTHER]
        chosen = [
            h if not h.inferred or h.listed or h.category in explicit else _statute_of(h, named)
            for h in kept
        ]
        kept = [h for h in chosen if h is not None]
    return kept


def _statute_of(hit: ChargeHit, named: list[ChargeHit]) -> ChargeHit | None:
    """A statute whose category was only inferred, where the wording names the kind of
    trafficking: the statute of the nearest named charge ("qualified trafficking of children
    ... under Republic Act 9208"), with that charge's category. Other inferred wording goes."""
    if hit.statute is None:
        return None
    nearest = min(
        named, key=lambda n: min(abs(n.span[0] - hit.span[1]), abs(hit.span[0] - n.span[1]))
    )
    return replace(hit, category=nearest.category)


@Language.factory(
    "tipwatch_charges",
    requires=["doc._.prose_mask"],
    assigns=["doc._.charges"],
    default_config={"language": "en"},
)
def make_charges(nlp: Language, name: str, language: str) -> ChargeFinder:
    return ChargeFinder(support_for(language))


class ChargeFinder:
    def __init__(self, lang: LanguageSupport) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        # prose, and table lines of three words or more; never menus or related-posts lists
        # (and the counts of a charge list, however short)
        lines = _line_tiers(self.lang.charges, doc_text(doc))
        listed = {s for s, _e, _h, is_count in lines if is_count}
        allowed = [
            (s, e)
            for s, e, zone in prose_line_mask(self.lang.zones, doc_text(doc))
            if zone == PROSE
            or (zone != LISTED and (len(doc_text(doc)[s:e].split()) >= 3 or s in listed))
        ]
        hits = find_charges(self.lang, doc_text(doc), allowed, lines)
        if hits:
            # "conspiracy to traffic in counterfeit pharmaceuticals": a charge whose trafficking
            # word has goods for its object is another trade's (read from the parse)
            goods = trade_objects(self.lang.case, doc, self.lang.lexicon.demonyms)
            hits = [h for h in hits if not any(h.span[0] <= g < h.span[1] for g in goods)]
        doc._.charges = hits
        return doc
