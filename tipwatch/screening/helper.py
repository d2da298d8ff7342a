"""A resident screening helper, so that `tipwatch screen` answers in well under 2 s (issue 13).

A fresh process pays for rigour's name tagger before its first name can be analysed (4-5 s,
built in Rust from data inside the library; it cannot be saved between processes). The helper is
a process that pays it once and then answers `tipwatch screen` over a Unix socket: the command
line sends the query and prints the answer, without loading the tagger, the scorer or the store.

- One helper per store of record: its socket is named after a hash of the store's URL, in a
  folder only this user can enter (`tipwatch-<uid>` in the temporary folder, mode 0700, checked
  on every use). The socket itself is mode 0600: only the user who owns the store can ask.
- The helper reads the store on every request (a session per query), so an accepted, rejected or
  taken-down case counts at once, as through the API.
- A helper of other code (tipwatch updated, a source file edited) answers `stale` and stops; the
  command line then starts a new one. `BUILD` is a digest of tipwatch's source files.
- It stops after `idle` seconds without a query (`TIPWATCH_SCREEN_HELPER_IDLE`, 1800; a
  `status` ping does not keep it alive), when `tipwatch screen-helper stop` asks, or when its
  socket is removed. A lock file keeps two
  helpers of one store from starting at once.
- `TIPWATCH_SCREEN_HELPER=false` turns it off: every `tipwatch screen` then works in its own
  process.

Protocol: one JSON line each way per connection. Requests carry `build`, `store` (the URL's
digest) and `op` (`ping`, `stop`, `screen` with `query`); an answer is `{"ok": true, ...}` or
`{"ok": false, "error": ...}`. The answer to `screen` carries the result as the exact JSON text
the in-process command prints.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from pydantic import ValidationError

PROTOCOL = 1
MAX_MESSAGE = 1 << 20
CONNECT_TIMEOUT_S = 2.0
ANSWER_TIMEOUT_S = 120.0
START_TIMEOUT_S = 90.0

log = structlog.get_logger(__name__)


class HelperError(RuntimeError):
    """The helper could not be used (its folder is not safe, it answered an error)."""


class InvalidQuery(ValueError):
    """The helper refused the query as invalid ("country: String should match pattern ...")."""


def _build() -> str:
    """A digest of tipwatch's source files (path, size, modification time): a helper started
    from other code must not answer for this one."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(str(PROTOCOL).encode())
    stack = [root]
    entries: list[str] = []
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    stack.append(Path(entry.path))
                elif entry.name.endswith((".py", ".tsv", ".yaml", ".json")):
                    info = entry.stat()
                    entries.append(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}")
    for line in sorted(entries):
        digest.update(line.encode())
    return digest.hexdigest()[:20]


BUILD = _build()


def store_digest(database_url: str) -> str:
    return hashlib.sha256(database_url.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Place:
    """Where the helper of one store listens, and its lock."""

    socket: Path
    lock: Path
    log: Path


def _private_folder() -> Path:
    """`tipwatch-<uid>` in the temporary folder: made mode 0700, and refused when another user
    owns it or others may enter it (a socket there could be someone else's helper)."""
    folder = Path(tempfile.gettempdir()) / f"tipwatch-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise HelperError(f"{folder} is not a folder of this user: screening helper not used")
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise HelperError(f"{folder} is open to other users: screening helper not used")
    return folder


def place(database_url: str) -> Place:
    folder = _private_folder()
    stem = f"screen-{store_digest(database_url)}"
    return Place(
        socket=folder / f"{stem}.sock",
        lock=folder / f"{stem}.lock",
        log=folder / f"{stem}.log",
    )


def _receive(sock: socket.socket, limit: int) -> bytes:
    """One message: what arrives up to its closing newline (or the peer's end), refused with
    ValueError past `limit` bytes."""
    chunks = []
    size = 0
    while chunk := sock.recv(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise ValueError("message too long")
        if chunk.endswith(b"\n"):
            break
    return b"".join(chunks)


# ---------------------------------------------------------------- the command line's side


def _exchange(path: Path, request: dict[str, Any], timeout: float) -> dict[str, Any] | None:
    """Send one request and read its answer; None when nobody listens there."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT_S)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError, TimeoutError):
            return None
        except OSError as exc:
            if exc.errno in {errno.ENOENT, errno.ECONNREFUSED, errno.ENOTSOCK}:
                return None
            raise
        sock.settimeout(timeout)
        try:
            sock.sendall(json.dumps(request).encode() + b"\n")
            sock.shutdown(socket.SHUT_WR)
            raw = _receive(sock, 64 * MAX_MESSAGE)
        except (ConnectionResetError, BrokenPipeError):
            return None  # a helper that was stopping
        except ValueError as exc:
            raise HelperError("the screening helper's answer is too long") from exc
        if not raw:
            return None
        answer = json.loads(raw)
        return answer if isinstance(answer, dict) else None
    finally:
        sock.close()


def _request(database_url: str, op: str, **fields: Any) -> dict[str, Any]:
    return {"build": BUILD, "store": store_digest(database_url), "op": op, **fields}


def ask(database_url: str, query: dict[str, Any]) -> str | None:
    """The result of a screening query as JSON text, from a running helper of this store and
    this code; None when there is none (a stale one is asked to stop)."""
    where = place(database_url)
    answer = _exchange(
        where.socket, _request(database_url, "screen", query=query), ANSWER_TIMEOUT_S
    )
    if answer is None:
        return None
    if answer.get("ok"):
        return str(answer["result"])
    if answer.get("error") in {"stale", "other store"}:
        return None
    if answer.get("error") == "invalid":
        raise InvalidQuery(str(answer.get("invalid")))
    raise HelperError(str(answer.get("error")))


def ping(database_url: str) -> dict[str, Any] | None:
    """The running helper's state (pid, build, requests served), or None."""
    return _exchange(place(database_url).socket, _request(database_url, "ping"), 5.0)


def stop(database_url: str) -> bool:
    """Ask the store's helper to stop; True when one was running."""
    answer = _exchange(place(database_url).socket, _request(database_url, "stop"), 10.0)
    return bool(answer and answer.get("ok"))


def start(data_dir: Path, database_url: str) -> None:
    """Start a helper in the background (its own session: it outlives this command)."""
    where = place(database_url)
    with open(where.log, "ab") as out:
        os.chmod(where.log, 0o600)
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "tipwatch", "screen-helper", "run", "--data-dir", str(data_dir)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            start_new_session=True,
            close_fds=True,
        )


def screen_via_helper(data_dir: Path, database_url: str, query: dict[str, Any]) -> str | None:
    """The answer through the store's helper, starting one when none runs and waiting for it
    to be ready; None when it does not come up in START_TIMEOUT_S (the caller screens in its
    own process)."""
    answer = ask(database_url, query)
    if answer is not None:
        return answer
    stop(database_url)  # a stale helper, if one still listens
    start(data_dir, database_url)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.1)
        answer = ask(database_url, query)
        if answer is not None:
            return answer
    return None


# ---------------------------------------------------------------- the helper's side


@contextlib.contextmanager
def _exclusive(lock: Path, wait: float = 10.0) -> Iterator[bool]:
    """Hold the store's helper lock; yields False when another helper still holds it after
    `wait` seconds (a stale helper asked to stop lets go within them)."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.1)
        yield True
    finally:
        os.close(fd)


def _read_request(conn: socket.socket) -> dict[str, Any]:
    request = json.loads(_receive(conn, MAX_MESSAGE))
    if not isinstance(request, dict):
        raise ValueError("a request is a JSON object")
    return request


def run(data_dir: Path | None = None, *, idle: float | None = None) -> int:
    """Serve screening requests for the store the settings name until idle, stopped, or the
    socket is taken away. Returns the number of requests served."""
    from tipwatch.screening import postings
    from tipwatch.screening.service import ScreeningQuery, screen
    from tipwatch.screening.warm import settle, warm_up
    from tipwatch.settings import get_settings
    from tipwatch.store.db import Store

    settings = get_settings(**({"data_dir": data_dir} if data_dir is not None else {}))
    url = settings.resolved_database_url
    idle_s = float(idle if idle is not None else settings.screen_helper_idle)
    where = place(url)
    with _exclusive(where.lock) as mine:
        if not mine:
            log.info("screen_helper.already_running", socket=str(where.socket))
            return 0
        store = Store.from_settings(settings, scan=False)
        lists = postings.attach(store, settings.data_dir, build_missing=True)
        warmed = warm_up()
        with store.session() as s:
            lists.warm(s)  # loads them and makes their tokens, or starts building
        with contextlib.suppress(FileNotFoundError):
            where.socket.unlink()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o177)
        try:
            server.bind(str(where.socket))
        finally:
            os.umask(old_mask)
        os.chmod(where.socket, 0o600)
        server.listen(16)
        inode = os.stat(where.socket).st_ino
        settle()
        log.info("screen_helper.ready", pid=os.getpid(), warm_s=round(warmed, 2), build=BUILD)
        served = 0
        last = time.monotonic()
        store_id = store_digest(url)
        try:
            while True:
                left = idle_s - (time.monotonic() - last)
                if left <= 0:
                    log.info("screen_helper.idle_stop", served=served)
                    break
                try:
                    current = os.stat(where.socket).st_ino
                except FileNotFoundError:
                    current = -1
                if current != inode:
                    log.info("screen_helper.socket_gone", served=served)
                    break
                server.settimeout(min(left, 5.0))
                try:
                    conn, _ = server.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.settimeout(30.0)
                    answer, stop_now = _answer(conn, store, store_id, ScreeningQuery, screen)
                    if "result" in answer or answer.get("error") == "invalid":
                        # A query keeps the helper alive; `status` (ping) does not.
                        served += 1
                        last = time.monotonic()
                    with contextlib.suppress(OSError):
                        conn.sendall(json.dumps(answer).encode() + b"\n")
                if stop_now:
                    log.info("screen_helper.stopped", served=served)
                    break
        finally:
            server.close()
            with contextlib.suppress(FileNotFoundError):
                if os.stat(where.socket).st_ino == inode:
                    where.socket.unlink()
            store.dispose()
        return served


def _answer(
    conn: socket.socket, store: Any, store_id: str, query_type: Any, screen: Any
) -> tuple[dict[str, Any], bool]:
    """The answer to one connection's request, and whether the helper stops after it."""
    try:
        request = _read_request(conn)
    except (ValueError, OSError) as exc:
        return {"ok": False, "error": f"bad request: {exc}"}, False
    op = request.get("op")
    if request.get("store") != store_id:
        return {"ok": False, "error": "other store"}, False
    if request.get("build") != BUILD:
        # Other code asks: stop, so that it can start a helper of its own code.
        return {"ok": False, "error": "stale"}, True
    if op == "ping":
        return {"ok": True, "pid": os.getpid(), "build": BUILD}, False
    if op == "stop":
        return {"ok": True, "pid": os.getpid()}, True
    if op != "screen":
        return {"ok": False, "error": f"unknown op {op!r}"}, False
    started = time.perf_counter()
    try:
        query = query_type.model_validate(request.get("query"))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = err["loc"][0] if err["loc"] else "query"
        return {"ok": False, "error": "invalid", "invalid": f"{where}: {err['msg']}"}, False
    try:
        with store.session() as s:
            result = screen(s, query)
    except Exception as exc:  # noqa: BLE001 - the command line shows it; the helper goes on
        log.warning("screen_helper.failed", error=type(exc).__name__)
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, False
    log.info(
        "screen_helper.answered",
        ms=round((time.perf_counter() - started) * 1000, 1),
        hits=len(result.hits),
    )
    return {"ok": True, "result": result.model_dump_json(indent=2)}, False
