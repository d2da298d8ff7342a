"""Imported once by the worker pool's fork server (`flows/executors.py`), before it forks the
workers: the spaCy pipeline of each registered language the run asks for
(`PRELOAD_LANGUAGES_ENV`; all when unset) and the language detector are loaded here,
so the workers inherit them already loaded and share their memory pages (copy-on-write)
instead of each loading its own copy. The threshold is the run's
(`PRELOAD_THRESHOLD_ENV`, set by the executor); a pipeline that fails to load here is
loaded, and its failure reported, by the workers themselves."""

from __future__ import annotations

import gc
import os

from htmldate.extractors import get_external_parser

from tipwatch.flows.forkserver import PRELOAD_LANGUAGES_ENV, PRELOAD_THRESHOLD_ENV
from tipwatch.nlp.components.case_classifier import DEFAULT_THRESHOLD
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.lang import registered
from tipwatch.nlp.langid import detect_language

_SAMPLE = (
    "Police in Pune arrested Ravi Kumar, 34, an Indian national, on Monday. He was charged with"
    " human trafficking and remanded in custody by the district court."
)


def preload() -> int:
    """Load what the workers need; returns how many pipelines were loaded."""
    try:
        threshold = float(os.environ.get(PRELOAD_THRESHOLD_ENV, DEFAULT_THRESHOLD))
    except ValueError:
        threshold = DEFAULT_THRESHOLD
    detect_language("warm up the language model")
    # htmldate falls back to dateparser for dates it cannot read itself; its first call loads
    # every locale's data (about 1-2 s), which each new worker would otherwise pay again
    get_external_parser().get_date_data("5 March 2021")
    extractor = CaseExtractor(case_threshold=threshold)
    wanted = os.environ.get(PRELOAD_LANGUAGES_ENV)
    only = None if wanted is None else set(wanted.split(","))
    loaded = 0
    for support in registered():
        if only is not None and support.code not in only:
            continue
        try:
            # one text through the whole pipeline: the tables its components load on first
            # use (gazetteer, country names) are loaded here too
            extractor.analyse(_SAMPLE, "IN", support.code)
            loaded += 1
        except Exception:  # noqa: BLE001 - the workers load it again and report the error
            continue
    return loaded


preload()
# Everything loaded so far lives as long as the workers: out of the collector's sight, a
# collection in a worker no longer writes to (and so copies) the pages it shares with us.
gc.freeze()
