"""Clear errors, never tracebacks: what a user or an operator got wrong (a malformed source file,
a file that is not a WARC, a missing file or folder, a full disk, a bad TIPWATCH_* value) ends any
command with one line that names the file, the cause and the fix, and a documented exit code.

Anything else is a bug and keeps its traceback. The stage modules are never imported here: an
error is matched against a stage's error class only if that stage was loaded (it cannot have
raised otherwise), so `tipwatch --help` stays fast.
"""

from __future__ import annotations

import errno
import shutil
import sys
from pathlib import Path

from tipwatch.cli.exit_codes import ExitCode

# (module, class name): input errors the stages raise with a message that names the file.
_INPUT_ERRORS = (
    ("tipwatch.crawlers.source_defs", "SourceError"),
    ("tipwatch.crawlers.warc", "WarcError"),
    ("pydantic_core", "ValidationError"),
)


def _is_input_error(exc: BaseException) -> bool:
    for module, name in _INPUT_ERRORS:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and isinstance(exc, cls):
            return True
    return False


def _free_space(path: str | None) -> str:
    folder = Path(path or ".").resolve()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f"; {free / 1e6:.0f} MB free in {folder}"


def _one_line(text: str) -> str:
    """A multi-line message on one line: "a:\nb\nc" -> "a: b; c"."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if line:
            out += line if not out else (" " if out.endswith(":") else "; ") + line
    return out


def user_error(exc: BaseException) -> tuple[str, ExitCode] | None:
    """The one line and exit code for an error the user can fix, or None for a bug."""
    if _is_input_error(exc):
        return _one_line(str(exc)), ExitCode.USAGE
    if isinstance(exc, OSError):
        where = exc.filename if isinstance(exc.filename, str) else None
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return (
                f"no space left writing {where or 'the data folder'}{_free_space(where)}: free "
                "space or point TIPWATCH_DATA_DIR elsewhere, then run again (nothing was "
                "marked done that was not written)",
                ExitCode.CANNOT_WRITE,
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (
                f"cannot write {where or 'a file'}: {exc.strerror} (the data folder must be "
                "writable: check its owner and mode, or set TIPWATCH_DATA_DIR)",
                ExitCode.CANNOT_WRITE,
            )
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
            return f"{where or 'a file'}: {exc.strerror}", ExitCode.USAGE
    return None


def run_cli(app: object) -> None:
    """Run the typer `app`; a user error becomes `error: <line>` on stderr and its exit code."""
    try:
        app()  # type: ignore[operator]
    except Exception as exc:
        known = user_error(exc)
        if known is None:
            raise
        message, code = known
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(int(code)) from None
