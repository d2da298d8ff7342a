"""Which language is this text in?

py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams, shipped in the
package, numpy only) answers first: 0.2-0.3 ms on a page's first paragraphs against 3-6 ms for
langdetect, the design card's detector, which answers when py3langid is unsure (normalised
probability under `CONFIDENT`) or sees no letters it knows. The text is lower-cased first:
py3langid reads upper-case headlines ("MAN SENTENCED TO 10 YEARS FOR HUMAN TRAFFICKING") as
Nigerian Pidgin. On the 176 article-extraction benchmark pages (7 languages) and the 157 cases-dev
texts, the two detectors give the same language for every text (`docs/choices.md`; measured in
`tests/nlp/test_langid.py`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from langdetect import DetectorFactory, LangDetectException, detect

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
    """ISO 639-1 code of `text` by langdetect (fixed seed), or None if undecidable."""
    DetectorFactory.seed = 0
    try:
        return str(detect(text[:SAMPLE_CHARS]))
    except LangDetectException:
        return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None if undecidable (no letters)."""
    sample = text[:SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return None
    code, confidence = _identifier().classify(sample.lower())
    if confidence >= CONFIDENT and code != "und":
        return str(code)
    return detect_with_langdetect(sample)
