"""Rich progress bars for the long commands, on stderr, only when stderr is a terminal (a cron
job's log or a pipe gets none) and `TIPWATCH_PROGRESS` is not `0`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tipwatch.progress import reporting

if TYPE_CHECKING:
    from rich.progress import Progress, Task, TaskID
    from rich.text import Text


def wanted() -> bool:
    return os.environ.get("TIPWATCH_PROGRESS", "1") != "0" and sys.stderr.isatty()


@contextmanager
def progress_bars() -> Iterator[None]:
    """Draw a bar per reported step while the block runs (nothing when not wanted)."""
    if not wanted():
        yield
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:,.1f}/s")

    bars: Progress = Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=False,
    )
    tasks: dict[str, TaskID] = {}

    def sink(step: str, done: int, total: int | None) -> None:
        task = tasks.get(step)
        if task is None:
            task = tasks[step] = bars.add_task(step, total=total)
        bars.update(task, completed=done, total=total)

    with bars, reporting(sink):
        yield
