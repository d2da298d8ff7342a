"""English cues for victims: how reporters count them and introduce protected people."""

from __future__ import annotations

import re

from tipwatch.nlp.lang.en.lexicon import NUMBER_WORDS
from tipwatch.nlp.lang.rules import VictimRules

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

# family ties: masked too, unless the text links the person to a legal step of their own
FAMILY_ROLES = {"daughter", "son", "niece", "nephew", "mother", "father", "sister", "brother"}

_NAME_WORD = r"(?:[A-Z][a-z\u00e0-\u00ff]+(?:[-'’][A-Za-z\u00e0-\u00ff]+)*|[A-Z]\.)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_Q = r"[\"'“‘]?"
# cues that introduce a protected person's (often substitute) name: always protective
_CUE_ALWAYS = re.compile(
    r"\b(?:identified\s+(?:\w+\s+){0,5}?only\s+as|"
    r"(?:referred\s+to|known|named|described|called)\s+(?:\w+\s+){0,5}?only\s+as|"
    r"referred\s+to\s+(?:\w+\s+){0,5}?as|"
    r"testif(?:ied|ying|ies)\s+(?:\w+\s+){0,3}?(?:as|under\s+the\s+(?:name|pseudonym))|"
    r"(?:gave|gives|give|giving)\s+(?:her|his|their)\s+(?:first\s+)?names?\s+(?:only\s+)?as|"
    r"under\s+the\s+pseudonym|given\s+the\s+pseudonym|(?:a|the)\s+pseudonym|"
    r"whom\s+(?:we|the\s+\w+)\s+(?:are\s+)?call(?:ing)?)\s+" + _Q + _NAME
)
# "identified/named as X": protective when the nearest role word before it is a victim word
_CUE_CONTEXT = re.compile(
    r"\b(?:identified|named|listed|described)\s+(?:\w+\s+){0,5}?as\s+" + _Q + _NAME
)
_AFTER_NAME = re.compile(
    r"(?<![\w.])" + _NAME + r"[\"'”’]?\s*(?:\(|,\s*)(?:not\s+(?:her|his|their)\s+real\s+names?|"
    r"names?\s+(?:has\s+been\s+|have\s+been\s+|was\s+|were\s+)?changed|a\s+pseudonym|"
    r"pseudonym|whose\s+names?\s+(?:has|have)\s+been\s+changed)"
)
_VICTIM_WORDS = re.compile(
    r"\b(?:victims?|survivors?|rescued|complainants?|witness(?:es)?|girls?|boys?|child(?:ren)?|"
    r"minors?|teenagers?|teens?|daughters?|sons?|donors?|women|mothers?|neighbou?rs?|"
    r"workers|migrants|recruits|trafficked|exploited|abused)\b",
    re.I,
)
_ACCUSED_WORDS = re.compile(
    r"\b(?:suspects?|accused|defendants?|traffickers?|smugglers?|arrested|charged|convicted|"
    r"sentenced|jailed|detained|recruiters?|agents?|owners?|ringleaders?|perpetrators?|"
    r"offenders?|wanted|fugitives?|man\s+held|arraigned)\b",
    re.I,
)
_SKIP_TOKENS = {"the", "and", "of", "ma", "mr", "mrs", "ms", "miss", "dr", "st", "jr", "sr"}


VICTIMS = VictimRules(
    count=_COUNT,
    count_victims=_COUNT_VICTIMS,
    family_roles=frozenset(FAMILY_ROLES),
    cue_always=_CUE_ALWAYS,
    cue_context=_CUE_CONTEXT,
    after_name=_AFTER_NAME,
    victim_words=_VICTIM_WORDS,
    accused_words=_ACCUSED_WORDS,
    skip_tokens=frozenset(_SKIP_TOKENS),
    # "victim Jane Roe", "the victim, Jane Roe, said"
    role_before=re.compile(
        r"\b(?:victims?|survivors?|complainants?|witness|girl|boy|daughter|minor)"
        r"[ \t]*(,?)[ \t]*\Z",
        re.I,
    ),
    # after a comma-introduced role: the apposition closes ("the victim, Roe, said")
    apposition_tail=re.compile(r"^\s*(?:[,;:)(]|$|\.\s)"),
    # "Jane Roe, a victim", "Jane Roe, 16, one of the victims"
    role_after=re.compile(
        r"^\s*(?:,\s*(?:\d{1,2}\s*,\s*)?)(?:a|an|the|one of the)\s+(?:\w+\s+){0,2}?"
        r"(?:victims?|survivors?|complainant|witness|girl|boy)\b",
        re.I,
    ),
    testify_lemmas=frozenset({"testify", "depose"}),
)
