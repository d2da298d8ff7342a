"""Bad input ends any command with one line naming the file, the cause and the fix, and a
documented exit code: never a traceback (issue 14, "Clear errors, never tracebacks")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tipwatch.cli.exit_codes import ExitCode

SOURCE = "id: x-daily\nname: X Daily\ncountry: IN\nlanguages: [en]\nhomepage: https://x.example/\n"


def _tipwatch(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-P", "-m", "tipwatch", *args, "--data-dir", str(tmp_path / "var")],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def _one_error_line(proc: subprocess.CompletedProcess[str], code: ExitCode) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (SOURCE + "bogus: 1\n", "field 'bogus': unknown field"),
        (SOURCE + "feeds: [https://x.example/feed\n", "YAML"),
        ("- just\n- a list\n", "mapping"),
    ],
)
def test_run_with_a_bad_source_file(tmp_path: Path, content: str, cause: str) -> None:
    (tmp_path / "src" / "in").mkdir(parents=True)
    bad = tmp_path / "src" / "in" / "x-daily.yaml"
    bad.write_text(content)
    line = _one_error_line(_tipwatch(tmp_path, "run", "--sources", "src"), ExitCode.USAGE)
    assert "x-daily.yaml" in line and cause.lower() in line.lower()


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        ("random.warc.gz", os.urandom(4096), "not a gzip-compressed WARC"),
        ("empty.warc.gz", b"", "not a gzip-compressed WARC"),
        ("missing.warc.gz", None, "No such file"),
    ],
)
def test_ingest_warc_on_files_that_are_no_warc(
    tmp_path: Path, name: str, data: bytes | None, cause: str
) -> None:
    if data is not None:
        (tmp_path / name).write_bytes(data)
    line = _one_error_line(_tipwatch(tmp_path, "ingest-warc", name), ExitCode.USAGE)
    assert name in line and cause in line


def test_a_bad_setting_names_the_setting(tmp_path: Path) -> None:
    proc = _tipwatch(tmp_path, "coverage", TIPWATCH_DOWNLOAD_DELAY="soon")
    line = _one_error_line(proc, ExitCode.USAGE)
    assert "download_delay" in line and "soon" in line
