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


READ_COMMANDS = [
    ("search", "trafficking"),
    ("coverage",),
    ("export", "--format", "jsonl"),
    ("index", "sync"),
    ("index", "rebuild"),
    ("screen", "Some Name"),
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_missing_data_folder_is_named_not_made(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A command that reads what runs stored, pointed at a folder with no store (a typo in
    TIPWATCH_DATA_DIR), used to make an empty store there and answer with nothing."""
    line = _one_error_line(_tipwatch(tmp_path, *args), ExitCode.USAGE)
    assert f"no tipwatch store at {tmp_path / 'var' / 'tipwatch.db'}" in line
    assert "--data-dir" in line
    assert not (tmp_path / "var").exists()


def _can_bind_read_only() -> str | None:
    import shutil

    if shutil.which("unshare") is None:
        return "util-linux `unshare` is not installed"
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            [
                "unshare",
                "-rm",
                "sh",
                "-c",
                'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1"',
                "sh",
                folder,
            ],
            capture_output=True,
            text=True,
        )
    if probe.returncode != 0:
        return f"cannot make a read-only bind mount in a user namespace: {probe.stderr.strip()}"
    return None


@pytest.mark.skipif(bool(_can_bind_read_only()), reason=_can_bind_read_only() or "")
@pytest.mark.parametrize(
    "args",
    [*READ_COMMANDS, ("db", "check"), ("run", "--sources", "src")],
    ids=lambda a: " ".join(a),
)
def test_a_read_only_data_folder_is_one_line_not_damage(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A store on a read-only mount used to be reported as a damaged database to restore from
    a backup. The folder is a real read-only bind mount (a private mount namespace)."""
    from tipwatch.store.db import Store

    var = tmp_path / "var"
    Store(f"sqlite:///{var / 'tipwatch.db'}").dispose()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x-daily.yaml").write_text(SOURCE)
    proc = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"',
            "sh",
            str(var),
            sys.executable,
            "-P",
            "-m",
            "tipwatch",
            *args,
            "--data-dir",
            str(var),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    line = _one_error_line(proc, ExitCode.CANNOT_WRITE)
    assert f"cannot write {var}: Read-only file system" in line, line
    assert "backup" not in line
