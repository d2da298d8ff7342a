"""Issue 15: long commands show progress (items done, rate, ETA) on a terminal and nothing when
stderr is not one. Real `tipwatch` processes; the terminal is a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

from tests.flows.test_hostile_input import SOURCE, _demo_article, _write

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _people(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            entity = {"id": f"p{i}", "schema": "Person", "properties": {"name": [f"Person {i}"]}}
            fh.write(json.dumps(entity) + "\n")


def _on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; (exit code, stdout, what the terminal showed)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPWATCH_")}
    env.update(COLUMNS="120", TERM="xterm")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tipwatch", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=600)
    reader.join(timeout=10)
    os.close(master)
    shown = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))
    return proc.returncode, out.decode(), shown


def test_import_ftm_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    people = tmp_path / "people.jsonl"
    _people(people, 3000)
    code, out, shown = _on_a_terminal(
        ["import", "ftm", str(people), "--data-dir", str(tmp_path / "a")], tmp_path
    )
    assert code == 0, shown
    assert "3000 persons imported" in out
    bars = [line for line in shown.splitlines() if line.startswith("import ftm")]
    assert bars, shown
    assert "3000/?" in bars[-1] and "/s" in bars[-1], bars[-1]

    piped = subprocess.run(
        [sys.executable, "-m", "tipwatch", "import", "ftm", str(people)]
        + ["--data-dir", str(tmp_path / "b")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert piped.returncode == 0, piped.stderr
    assert "import ftm" not in piped.stderr and "/s" not in piped.stderr


def test_ingest_warc_shows_reading_and_processing_with_a_total(tmp_path: Path) -> None:
    warc = tmp_path / "two.warc.gz"
    url, normal = _demo_article()
    other = normal.replace(b"</article>", b"<p>A second page of the same outlet.</p></article>")
    _write(warc, [(url, normal), (url.replace(".html", "-2.html"), other)])
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / f"{SOURCE.id}.yaml").write_text(
        json.dumps(SOURCE.model_dump(mode="json", exclude_none=True)), encoding="utf-8"
    )
    code, out, shown = _on_a_terminal(
        ["ingest-warc", str(warc), "--sources", str(sources), "--data-dir", str(tmp_path / "v")],
        tmp_path,
    )
    assert code == 0, shown
    assert "2 response records in 1 files" in out
    processing = [line for line in shown.splitlines() if line.startswith("processing")]
    assert processing and "2/2" in processing[-1], shown
    assert any(line.startswith("reading WARC") for line in shown.splitlines()), shown
