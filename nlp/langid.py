"""Which language is this text in?

py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams, shipped in the
package, numpy only) answers first: 0.2-0.3 ms on a page's first paragraphs against 3-6 ms for
langdetect, the design card's detector, which answers when py3langid is unsure (normalised
probability under `CONFIDENT`) or sees no letters it knows. The text is lower-cased first:
py3langid reads upper-case headlines ("MAN SENTENCED TO 10 YEARS FOR HUMAN TRAFFICKING") as
Nigerian Pidgin. On the 176 article-extraction benchmark pages (7 languages) and the 157 cases-dev
texts, the two detectors give the same language for every text (`docs/choices.md`; measured in
`tests/nlp/test_langid.py`). On 668 short local-news texts in 17 of the registry's languages
(`bench/langid.py`) the pair is right on 99.0% against 77.8% for langdetect alone, which has no
Hausa, Khmer, Malay or Yoruba profile; lingua, fastText's lid.176, CLD3 and CLD2 are no better
(CLD2 99.1%, with Malay read as Indonesian less often but Indonesian more often as Malay), so
py3langid stays in front (`docs/choices.md`). Every answer is written in tipwatch's code
convention (`tipwatch/domain/language_codes.py`: Tagalog `tl` is Filipino `fil`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from langdetect import DetectorFactory, LangDetectException, detect

from tipwatch.domain.language_codes import canonical

DetectorFactory.seed = 0

# py3langid's normalised probability from which its answer is taken without asking langdetect.
CONFIDENT = 0.5
# Characters read: both detectors' answers settle long before this.
SAMPLE_CHARS = 5000
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _identifier() -> Any:
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_with_langdetect(text: str) -> str | None:
    """The language of `text` by langdetect (fixed seed), in tipwatch's code convention, or
    None if undecidable."""
    DetectorFactory.seed = 0
    try:
        return canonical(str(detect(text[:SAMPLE_CHARS])))
    except LangDetectException:
        return None


def detect_language(text: str) -> str | None:
    """The language of `text` in tipwatch's code convention (`canonical`: ISO 639-1 where one
    exists, `fil` for Filipino/Tagalog), or None if undecidable (no letters)."""
    sample = text[:SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return None
    code, confidence = _identifier().classify(sample.lower())
    if confidence >= CONFIDENT and code != "und":
        return canonical(str(code))
    return detect_with_langdetect(sample)
