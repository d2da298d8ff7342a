"""Extraction over forked processes (`nlp/parallel.py`, used by `tipwatch eval` and the bench)
gives every job the extraction one process gives it, in the order given."""

from __future__ import annotations

import pytest

from tests.nlp.test_extract_many import _jobs
from tipwatch.nlp import parallel
from tipwatch.nlp.extractor import CaseExtractor


def test_two_processes_equal_one(extractor: CaseExtractor) -> None:
    jobs = _jobs()
    assert len(jobs) > 2 * parallel.CHUNK  # several chunks, so both workers get some
    alone = extractor.extract_many(jobs)
    together = parallel.extract_parallel(extractor, jobs, workers=2)
    assert [e.source for e in together] == [j.source for j in jobs]
    assert [e.model_dump() for e in together] == [e.model_dump() for e in alone]
    assert sum(bool(e.perpetrators) for e in together) >= 8


def test_a_worker_not_forked_from_it_refuses() -> None:
    with pytest.raises(AssertionError, match="not forked"):
        parallel._run([])
