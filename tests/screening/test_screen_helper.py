"""`tipwatch screen` through its resident helper: real processes, a real socket, a real store.

The helper must give the same answer as screening in the command's own process, see a change to
the store at once, refuse what it refuses in process, and stop when asked, when idle, or when
other code asks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.screening.conftest import add_case, person_entity, write_ftm
from tipwatch.records import LegalStatus
from tipwatch.screening import helper
from tipwatch.store.db import Store


def _cli(
    data_dir: Path, *args: str, helper_on: bool, idle: float = 120.0
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TIPWATCH_SCREEN_HELPER": "true" if helper_on else "false",
        "TIPWATCH_SCREEN_HELPER_IDLE": str(idle),
    }
    return subprocess.run(
        [sys.executable, "-m", "tipwatch", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def _url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'tipwatch.db').resolve()}"


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    store = Store(_url(tmp_path))
    add_case(
        store,
        "https://example.org/h1",
        "Police in Kisumu charged Achieng Otieno with trafficking in persons.",
        [("Achieng Otieno", LegalStatus.CHARGED)],
        published=date(2026, 3, 4),
        country="KE",
    )
    store.dispose()
    yield tmp_path
    helper.stop(_url(tmp_path))
    where = helper.place(_url(tmp_path))
    for path in (where.lock, where.log):
        path.unlink(missing_ok=True)


def _hits(out: str) -> list[tuple[str, str, float]]:
    return [(h["dataset"], h["subject_id"], h["score"]) for h in json.loads(out)["hits"]]


def test_the_helper_answers_as_the_process_would_and_sees_changes_at_once(
    data_dir: Path,
) -> None:
    url = _url(data_dir)
    assert helper.ping(url) is None

    alone = _cli(data_dir, "screen", "Otieno Achieng", helper_on=False)
    assert alone.returncode == 0, alone.stderr
    assert helper.ping(url) is None  # off means off: nothing was started

    first = _cli(data_dir, "screen", "Otieno Achieng", helper_on=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout == alone.stdout  # the very same JSON text
    state = helper.ping(url)
    assert state is not None and state["ok"] and state["build"] == helper.BUILD
    pid = state["pid"]

    # A list imported while the helper runs is screened by the next call.
    ftm = write_ftm(
        data_dir / "list.jsonl",
        [person_entity("q1", ["OTIENO, Achieng"], topics=["crime.traffick.human"])],
        [],
    )
    imported = _cli(data_dir, "import", "ftm", str(ftm), "--dataset", "ke-list", helper_on=False)
    assert imported.returncode == 0, imported.stderr
    second = _cli(data_dir, "screen", "Otieno Achieng", helper_on=True)
    assert second.returncode == 0, second.stderr
    assert {d for d, _, _ in _hits(second.stdout)} == {"tipwatch", "ke-list"}
    assert helper.ping(url)["pid"] == pid  # type: ignore[index]  # the same helper answered
    assert _hits(second.stdout) == _hits(
        _cli(data_dir, "screen", "Otieno Achieng", helper_on=False).stdout
    )

    # An invalid query is refused with the same line as in process.
    bad = _cli(data_dir, "screen", "Otieno", "--country", "KEN", helper_on=True)
    bad_alone = _cli(data_dir, "screen", "Otieno", "--country", "KEN", helper_on=False)
    assert bad.returncode == bad_alone.returncode != 0
    assert bad.stderr.strip().splitlines()[-1] == bad_alone.stderr.strip().splitlines()[-1]
    assert "country" in bad.stderr

    status = _cli(data_dir, "screen-helper", "status", helper_on=True)
    assert status.returncode == 0 and str(pid) in status.stdout
    stopped = _cli(data_dir, "screen-helper", "stop", helper_on=True)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    for _ in range(50):
        if helper.ping(url) is None:
            break
        time.sleep(0.1)
    assert helper.ping(url) is None
    assert _cli(data_dir, "screen-helper", "status", helper_on=True).returncode == 1


def test_a_helper_of_other_code_or_another_store_does_not_answer(data_dir: Path) -> None:
    url = _url(data_dir)
    first = _cli(data_dir, "screen", "Achieng Otieno", helper_on=True)
    assert first.returncode == 0, first.stderr
    where = helper.place(url)
    other_store = helper._exchange(
        where.socket, {"build": helper.BUILD, "store": "0" * 16, "op": "ping"}, 5.0
    )
    assert other_store == {"ok": False, "error": "other store"}
    assert helper.ping(url) is not None  # still running
    stale = helper._exchange(
        where.socket, {"build": "older", "store": helper.store_digest(url), "op": "ping"}, 5.0
    )
    assert stale == {"ok": False, "error": "stale"}
    for _ in range(50):  # other code asked: it stops, so that a helper of that code can start
        if helper.ping(url) is None:
            break
        time.sleep(0.1)
    assert helper.ping(url) is None


def test_the_helper_stops_when_idle(data_dir: Path) -> None:
    url = _url(data_dir)
    first = _cli(data_dir, "screen", "Achieng Otieno", helper_on=True, idle=2.0)
    assert first.returncode == 0, first.stderr
    deadline = time.monotonic() + 30
    while helper.ping(url) is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert helper.ping(url) is None
    assert not helper.place(url).socket.exists()


def test_a_private_folder_open_to_others_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helper.tempfile, "gettempdir", lambda: str(tmp_path))
    folder = tmp_path / f"tipwatch-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(helper.HelperError, match="open to other users"):
        helper.place("sqlite:///x.db")
    folder.chmod(0o700)
    assert helper.place("sqlite:///x.db").socket.parent == folder
