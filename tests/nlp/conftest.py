from __future__ import annotations

import pytest

from nlp.extractor import CaseExtractor


@pytest.fixture(scope="session")
def extractor() -> CaseExtractor:
    """The real spaCy model with tipwatch's components, loaded once for the whole session."""
    return CaseExtractor()
