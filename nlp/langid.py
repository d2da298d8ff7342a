"""Which language is this text in? langdetect (the design card's detector), with a fixed seed."""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` by langdetect (fixed seed), or None if undecidable."""
    DetectorFactory.seed = 0
    sample = text[:5000]
    if not re.search(r"[^\W\d_]", sample):
        return None
    try:
        return str(detect(sample))
    except LangDetectException:
        return None
