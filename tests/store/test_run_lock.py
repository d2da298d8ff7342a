"""The run lock, held by this process and tried from another real process: one per data folder,
and one per store (two data folders sharing a SQLite file outside them, or one PostgreSQL
store, are refused too); re-entrant within the process, released when the holder leaves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tipwatch.store.locks import RunBusy, run_lock

TRY = """
import sys
from pathlib import Path
from tipwatch.store.locks import RunBusy, run_lock
try:
    with run_lock(Path(sys.argv[1]), sys.argv[2]):
        print("acquired")
except RunBusy as exc:
    print(f"busy|{exc.where}|{exc.pid}|{exc}")
"""


def _try_from_another_process(data_dir: Path, url: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", TRY, str(data_dir), url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


def test_run_lock_excludes_other_processes_and_is_reentrant(store_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    other_dir = tmp_path / "other"
    with run_lock(data_dir, store_url) as outermost:
        assert outermost is True
        with run_lock(data_dir, store_url) as nested:
            assert nested is False
        answer = _try_from_another_process(data_dir, store_url)
        busy, where, pid, message = answer.split("|", 3)
        assert busy == "busy"
        assert where == str(data_dir.resolve())
        assert int(pid) == os.getpid()
        assert message.startswith(f"another run holds {data_dir.resolve()} since ")
        # Another data folder on the same store (the fixture's SQLite file sits outside both
        # folders; PostgreSQL is shared by nature): refused too, naming the store.
        busy, where, pid, _ = _try_from_another_process(other_dir, store_url).split("|", 3)
        assert busy == "busy"
        if store_url.startswith("postgresql"):
            assert where.startswith("the store postgresql")
        else:
            assert where == str((tmp_path / "store.db").resolve())
        assert int(pid) == os.getpid()
    # A data folder of its own with its own SQLite store: never refused.
    lone = tmp_path / "lone"
    with run_lock(data_dir, store_url):
        if not store_url.startswith("postgresql"):
            lone_url = f"sqlite:///{lone.resolve()}/tipwatch.db"
            assert _try_from_another_process(lone, lone_url) == "acquired"
    assert _try_from_another_process(data_dir, store_url) == "acquired"
    assert _try_from_another_process(other_dir, store_url) == "acquired"


def test_busy_lock_raises_at_once_in_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/var/tipwatch.db"
    (tmp_path / "var").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\n"
            "from tipwatch.store.locks import run_lock\n"
            "with run_lock(Path(sys.argv[1]), sys.argv[2]):\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n",
            str(tmp_path / "var"),
            url,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(RunBusy) as caught, run_lock(tmp_path / "var", url):
            pass
        assert caught.value.pid == holder.pid
    finally:
        holder.communicate("", timeout=60)
    with run_lock(tmp_path / "var", url) as outermost:
        assert outermost
