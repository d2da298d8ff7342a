"""The Prefect task a Dask worker runs: one batch of pages through the article and NLP stages."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from tipwatch.flows.analyse import Analysed, AnalyseOptions, PageJob, analyse_batch


@task(name="analyse-batch", cache_policy=NO_CACHE, persist_result=False)
def analyse_batch_task(jobs: list[PageJob], options: AnalyseOptions) -> list[Analysed]:
    return analyse_batch(jobs, options)
