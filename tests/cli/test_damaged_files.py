"""Issue 14, I10: a damaged store or index file, through the real CLI. Real faults: a truncated
file, overwritten bytes, a write-ahead log deleted after the writing process was SIGKILLed.
Each ends in one line naming the file, the cause and the fix, with exit code DAMAGED (never a
traceback, never a silent start without the last commits); `index rebuild` repairs the index."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import Result
from typer.testing import CliRunner

from tests.cli.test_commands import _seed
from tipwatch.cli import app
from tipwatch.cli.exit_codes import ExitCode

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _run(data_dir: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data-dir", str(data_dir)])


def _clean_failure(res: Result, path: Path, *words: str) -> None:
    """Exit DAMAGED through typer.Exit (no traceback), one error line naming file and fix."""
    assert res.exit_code == ExitCode.DAMAGED, (res.exit_code, res.output, res.exception)
    assert isinstance(res.exception, SystemExit), res.exception
    errors = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, res.output
    assert str(path) in errors[0] or path.name in errors[0]
    for word in words:
        assert word in errors[0], errors[0]
    assert "Traceback" not in res.output


def _truncate(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.truncate(size // 2)


def _overwrite(path: Path) -> None:
    """Garbage over everything after the first page (the header stays, so SQLite opens it)."""
    size = path.stat().st_size
    page = 4096
    assert size > 2 * page
    with open(path, "r+b") as f:
        f.seek(page)
        f.write(bytes((i * 37 + 11) % 256 for i in range(size - page)))


def test_a_truncated_store_is_refused_with_one_clear_line(tmp_path: Path) -> None:
    _seed(tmp_path)
    store = tmp_path / "tipwatch.db"
    _truncate(store)
    for cmd in (
        ["index", "sync"],
        ["db", "check"],
        ["db", "upgrade"],
        ["export", "--format", "csv"],
        ["reextract"],
        ["demo", "--no-serve"],
    ):
        _clean_failure(_run(tmp_path, *cmd), store, "restore")


def test_a_store_with_overwritten_pages_is_refused(tmp_path: Path) -> None:
    _seed(tmp_path)
    store = tmp_path / "tipwatch.db"
    _overwrite(store)
    _clean_failure(_run(tmp_path, "index", "sync"), store, "restore")
    _clean_failure(_run(tmp_path, "db", "check"), store, "restore")


def test_db_check_passes_on_a_healthy_store(tmp_path: Path) -> None:
    _seed(tmp_path)
    res = _run(tmp_path, "db", "check")
    assert res.exit_code == 0, res.output
    assert "integrity_check ok" in res.output and "audit log ok" in res.output


_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from tipwatch.store.db import Store
    from tipwatch.store.review import review_case
    from tipwatch.store.models import CaseRow
    from sqlalchemy import select

    store = Store(sys.argv[1])
    with store.session() as s:
        case_id = s.scalars(select(CaseRow.id)).one()
        review_case(s, case_id, decision="accepted", user="ana", reason="checked")
    print("committed", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_lost_write_ahead_log_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    """The reviewer's decision and its audit row were committed to the WAL; the process was
    killed (no checkpoint) and the -wal file lost. Starting would silently drop them."""
    _seed(tmp_path)
    store = tmp_path / "tipwatch.db"
    url = f"sqlite:///{store.resolve()}"
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, url],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert "committed" in proc.stdout
    wal = store.with_name(store.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    wal.unlink()
    _clean_failure(_run(tmp_path, "index", "sync"), store, "write-ahead log", "backup")
    _clean_failure(_run(tmp_path, "db", "check"), store, "write-ahead log")
    # Nothing opened the store meanwhile: the evidence (the -shm index) is still there.
    assert store.with_name(store.name + "-shm").exists()


def _index_seeded(tmp_path: Path) -> Path:
    _seed(tmp_path)
    res = _run(tmp_path, "index", "sync")
    assert res.exit_code == 0, res.output
    index = tmp_path / "index.db"
    # Fold the index's log into the file so the damage below hits the real data.
    con = sqlite3.connect(index)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return index


def _search_finds_the_case(tmp_path: Path) -> None:
    res = _run(tmp_path, "search", "wekesa")
    assert res.exit_code == 0, res.output
    hits = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert [h["names"] for h in hits] == [["Omondi Wekesa"]]


def test_a_truncated_index_is_reported_and_rebuild_replaces_it(tmp_path: Path) -> None:
    index = _index_seeded(tmp_path)
    _truncate(index)
    _clean_failure(_run(tmp_path, "search", "wekesa"), index, "tipwatch index rebuild")
    _clean_failure(_run(tmp_path, "index", "sync"), index, "tipwatch index rebuild")
    res = _run(tmp_path, "index", "rebuild")
    assert res.exit_code == 0, (res.output, res.exception)
    assert "replaced the damaged index file" in res.output
    assert "indexed 1 documents" in res.output
    _search_finds_the_case(tmp_path)
    assert not list(tmp_path.glob("index.db.rebuild*"))


def test_an_overwritten_index_is_reported_and_rebuild_replaces_it(tmp_path: Path) -> None:
    index = _index_seeded(tmp_path)
    inode = index.stat().st_ino
    _overwrite(index)
    _clean_failure(_run(tmp_path, "search", "wekesa"), index, "tipwatch index rebuild")
    res = _run(tmp_path, "index", "rebuild")
    assert res.exit_code == 0, (res.output, res.exception)
    _search_finds_the_case(tmp_path)
    # A new file was swapped in (os.replace), not the old one patched.
    assert index.stat().st_ino != inode


def test_db_check_reports_a_deleted_audit_tail(tmp_path: Path) -> None:
    """U6 through the CLI: the newest audit row deleted with raw SQL, behind the ORM."""
    _seed(tmp_path)
    store = tmp_path / "tipwatch.db"
    code = textwrap.dedent(
        """
        import sys
        from sqlalchemy import select
        from tipwatch.store.db import Store
        from tipwatch.store.models import CaseRow
        from tipwatch.store.review import review_case
        store = Store(sys.argv[1])
        with store.session() as s:
            case_id = s.scalars(select(CaseRow.id)).one()
            review_case(s, case_id, decision="accepted", user="ana")
        with store.session() as s:
            review_case(s, case_id, decision="rejected", user="bo")
        store.dispose()
        """
    )
    url = f"sqlite:///{store.resolve()}"
    proc = subprocess.run(
        [sys.executable, "-c", code, url], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    assert _run(tmp_path, "db", "check").exit_code == 0
    con = sqlite3.connect(store)
    with con:
        con.execute("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    con.close()
    res = _run(tmp_path, "db", "check")
    assert res.exit_code == ExitCode.FAILURE, res.output
    assert "audit rows were deleted" in res.output
    assert os.path.exists(store)


def test_screening_reads_without_a_whole_file_scan_and_still_fails_clearly(tmp_path: Path) -> None:
    """`tipwatch screen` skips the whole-file check (2 s at a million people): a damaged page
    still ends it with one line and exit code DAMAGED when it is read."""
    _seed(tmp_path)
    store = tmp_path / "tipwatch.db"
    ok = _run(tmp_path, "screen", "Ramesh Kumar")
    assert ok.exit_code == 0, ok.output
    _overwrite(store)
    _clean_failure(_run(tmp_path, "screen", "Ramesh Kumar"), store, "restore")
