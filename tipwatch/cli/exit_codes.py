"""The exit codes of every `tipwatch` command, by name (scripts and cron jobs test the numbers,
so a value never changes)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    # The command ran and found problems: a source check FAILs, the registry does not validate,
    # `run`: every source failed (nothing reachable: offline, DNS), `index sync`: rows are
    # quarantined.
    FAILURE = 1
    # Bad arguments or input files (no such folder, unknown id, a date that is no date): nothing
    # was done.
    USAGE = 2
    # `run`: a source's coverage assertions failed (the run itself finished and was stored).
    ASSERTION_FAILED = 3
    # `search`: the search engine is unreachable. The same number as ASSERTION_FAILED (an
    # alias), kept because scripts already test it.
    UNAVAILABLE = 3
    # `run`, `ingest-warc`, `reextract`, `demo`: another run holds the data folder's run lock
    # (or the PostgreSQL store's); nothing was done. Try again when it has finished.
    BUSY = 4
    # A store or index file is damaged (`PRAGMA quick_check` fails, the file is truncated or
    # not a database, the store's write-ahead log went missing with committed pages): nothing
    # was done. The message names the file, the cause and the fix (restore the store from a
    # backup; `tipwatch index rebuild` for the index).
    DAMAGED = 5
    # A file or folder tipwatch must write cannot be written: no space left on the device, no
    # permission, a read-only file system. The message names the path (and the free space).
    CANNOT_WRITE = 6
    # `run`: the operator stopped it (Ctrl-C, 128 + SIGINT as shells report it). After one
    # Ctrl-C what was fetched was processed and a summary printed; after two it stopped at once.
    # Either way the next run resumes: URLs not fetched stay pending, nothing is fetched twice.
    INTERRUPTED = 130
