"""The Prefect side of a crawl run's row: which flow runs do the run, and marking them `Crashed`
when the run's process was killed.

The pipeline records `current_flow_run_ids()` in its crawl-run row when it starts. A run killed
with SIGKILL (or by the OOM killer, a power cut) leaves both its row `running` and its Prefect
flow run `RUNNING`; the next run closes the row (`run_guard.held_run`, `crashed`) and, with
`mark_crashed`, the flow runs and their unfinished task runs too, so Prefect's UI shows what the
store says. Prefect trouble (no server, a flow run deleted from its history) is logged, never
fatal: the store's row is the record of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import structlog

from tipwatch.flows import detach_prefect_server

detach_prefect_server()  # this may be the first use of a temporary server in the process
log = structlog.get_logger(__name__)

CRASHED_MESSAGE = (
    "the run's process ended without closing its run (killed or crashed); marked crashed by "
    "the next tipwatch run"
)


def current_flow_run_ids() -> list[str]:
    """The running flow run's id, then its root flow run's (a scheduled `source-run`) if it is
    a subflow; empty outside a flow."""
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return []
    ids = [str(context.flow_run.id)]
    if context.flow_run.parent_task_run_id is None:
        return ids
    try:
        from prefect.runtime import flow_run

        root = flow_run.root_flow_run_id
    except Exception as exc:  # the id is a convenience: never fail a run for it
        log.warning("prefect.root_flow_run_unknown", error=f"{type(exc).__name__}: {exc}")
        return ids
    if root and str(root) not in ids:
        ids.append(str(root))
    return ids


def mark_crashed(flow_run_ids: Sequence[str]) -> list[str]:
    """Set each of these flow runs that Prefect still has as RUNNING (and its task runs still
    running or pending) to `Crashed`, forced past orchestration. Returns the ids it marked;
    logs, never raises, when Prefect cannot be reached."""
    try:
        marked = _mark_crashed(flow_run_ids)
    except Exception as exc:
        log.warning(
            "prefect.crash_marking_failed",
            flow_run_ids=list(flow_run_ids),
            error=f"{type(exc).__name__}: {exc}",
        )
        return []
    if marked:
        log.warning("prefect.flow_runs_marked_crashed", flow_run_ids=marked)
    return marked


def _mark_crashed(flow_run_ids: Sequence[str]) -> list[str]:
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterId,
        TaskRunFilter,
        TaskRunFilterState,
        TaskRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.exceptions import ObjectNotFound
    from prefect.states import Crashed

    marked: list[str] = []
    with get_client(sync_client=True) as client:
        for text in flow_run_ids:
            try:
                flow_run = client.read_flow_run(UUID(text))
            except (ObjectNotFound, ValueError):
                log.info("prefect.flow_run_not_found", flow_run_id=text)
                continue
            if flow_run.state is None or flow_run.state.type != StateType.RUNNING:
                continue  # finished, or already marked (by a runner that saw its child die)
            unfinished = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id])),
                task_run_filter=TaskRunFilter(
                    state=TaskRunFilterState(
                        type=TaskRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
                    )
                ),
            )
            for task_run in unfinished:
                client.set_task_run_state(task_run.id, Crashed(message=CRASHED_MESSAGE), force=True)
            client.set_flow_run_state(flow_run.id, Crashed(message=CRASHED_MESSAGE), force=True)
            marked.append(text)
    return marked
