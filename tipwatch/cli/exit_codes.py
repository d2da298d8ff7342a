"""The exit codes of every `tipwatch` command, by name (scripts and cron jobs test the numbers,
so a value never changes)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # The command ran and found problems: a source check FAILs, the registry does not validate.
    FAILURE = 1
    # Bad arguments or input files (no such folder, unknown id, a date that is no date): nothing
    # was done.
    USAGE = 2
    # `run`: a source's coverage assertions failed (the run itself finished and was stored).
    ASSERTION_FAILED = 3
    # `search`: the search engine is unreachable. The same number as ASSERTION_FAILED (an
    # alias), kept because scripts already test it.
    UNAVAILABLE = 3
