"""C28: the disk fills up during a real `tipwatch run`.

The run's WARC folder is a real 320 KiB tmpfs, mounted in a private mount namespace
(`unshare --user --map-root-user --mount`, no privileges needed), and the loopback site serves
articles of incompressible text, so the crawl fills the disk after a few pages. Expected: one line
naming the folder and its free space, exit CANNOT_WRITE, the run row closed as `failed`, no
`.open` file left, every page the ledger calls `fetched` readable from the committed WARC; and
once there is room again, the next run processes those pages and fetches the rest, none twice.
"""

from __future__ import annotations

import collections
import random
import shutil
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli.outlets import one_outlet
from tests.cli.test_run_concurrency import _env, _tipwatch
from tests.crawlers.servers import FaultServer, page
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.crawlers.warc import iter_records
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CrawlRunRow, UrlRow

N_ARTICLES = 14
DISK = "320k"


def _can_mount_tmpfs() -> str | None:
    if shutil.which("unshare") is None:
        return "util-linux `unshare` is not installed"
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k x $d"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"cannot mount a tmpfs in a user namespace here: {probe.stderr.strip()}"
    return None


pytestmark = pytest.mark.skipif(
    bool(_can_mount_tmpfs()), reason=_can_mount_tmpfs() or "tmpfs available"
)


def _noise_article(i: int) -> str:
    rng = random.Random(i)
    words = (
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
        for _ in range(9000)
    )
    text = " ".join(words)
    paras = "".join(f"<p>{text[k : k + 700]}.</p>" for k in range(0, len(text), 700))
    return (
        f"<html><head><title>Ward notes {i}</title></head><body><article>"
        f"<h1>Ward notes {i}</h1>{paras}</article></body></html>"
    )


@pytest.fixture
def site() -> Iterator[FaultServer]:
    routes = {"/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain")}
    for i in range(N_ARTICLES):
        routes[f"/a{i}.html"] = page(_noise_article(i))
    server = FaultServer(routes)
    items = "".join(
        f"<item><link>{server.url(f'/a{i}.html')}</link></item>" for i in range(N_ARTICLES)
    )
    server.routes["/feed.xml"] = page(
        f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>",
        content_type="application/rss+xml",
    )
    with server:
        yield server


def _sources(tmp_path: Path, site: FaultServer) -> Path:
    return one_outlet(tmp_path, site, "full-news", "Full News")


def _store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")


def _hits(site: FaultServer) -> collections.Counter[str]:
    return collections.Counter(p for p in site.paths() if p.startswith("/a"))


def test_a_full_disk_is_one_clear_line_and_nothing_is_lost(
    tmp_path: Path, site: FaultServer
) -> None:
    sources = _sources(tmp_path, site)
    warc_dir = tmp_path / "var" / "warc"
    warc_dir.mkdir(parents=True)
    saved = tmp_path / "left-on-the-full-disk"
    saved.mkdir()
    env = _env(tmp_path) | {"SAVE": str(saved)}
    # Mount a small tmpfs on the WARC folder, run the command, copy out what the run left there
    # (the tmpfs goes away with the namespace) and exit with the command's code.
    full = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            'mount -t tmpfs -o size="$1" tipwatch-full "$2" || exit 99; shift 2; '
            '"$@"; rc=$?; cp -a "$W/." "$SAVE/"; exit $rc',
            "sh",
            DISK,
            str(warc_dir),
            *_tipwatch("run", "--sources", str(sources)),
        ],
        env=env | {"W": str(warc_dir)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert full.returncode == ExitCode.CANNOT_WRITE, (full.stdout, full.stderr)
    assert "Traceback" not in full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, full.stderr
    assert f"no space left writing {warc_dir}" in errors[0]
    assert " free in " in errors[0]

    left = sorted(p.name for p in saved.iterdir())
    assert not [n for n in left if n.endswith(".open")], left
    warcs = [saved / n for n in left if n.endswith(".warc.gz")]
    assert len(warcs) == 1, left
    first_hits = _hits(site)

    store = _store(tmp_path)
    try:
        with store.session() as s:
            runs = [r.status for r in s.scalars(select(CrawlRunRow))]
            ledger = {u.url.rsplit("/", 1)[-1]: u for u in s.scalars(select(UrlRow))}
    finally:
        store.dispose()
    assert runs == ["failed"]
    fetched = {k for k, u in ledger.items() if u.state == "fetched"}
    assert fetched, {k: u.state for k, u in ledger.items()}
    members = list(iter_records(warcs[0]))
    assert not [m for m in members if not isinstance(m[1], list)], members  # no torn record
    by_offset = {
        offset: page.url.rsplit("/", 1)[-1]
        for offset, pages in members
        if isinstance(pages, list)
        for page in pages
    }
    # Every page the ledger calls fetched is whole in the committed WARC, at its offset.
    assert {by_offset.get(ledger[k].warc_offset or -1) for k in fetched} == fetched
    # The disk filled up mid-crawl: pages not archived are still to fetch, none is lost.
    not_archived = {k for k, u in ledger.items() if u.state == "pending" and k.startswith("a")}
    assert not_archived
    assert fetched | not_archived == {f"a{i}.html" for i in range(N_ARTICLES)}

    # Room again: put back what the full disk held, run again.
    for path in saved.iterdir():
        shutil.copy2(path, warc_dir / path.name)
    again = subprocess.run(
        _tipwatch("run", "--sources", str(sources)),
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert again.returncode == ExitCode.OK, again.stderr
    second_hits = _hits(site) - first_hits
    assert not {p.lstrip("/") for p in second_hits} & fetched, "a fetched page was fetched again"
    store = _store(tmp_path)
    try:
        with store.session() as s:
            states = {
                u.url.rsplit("/", 1)[-1]: u.state
                for u in s.scalars(select(UrlRow))
                if u.url.rsplit("/", 1)[-1].startswith("a")
            }
            articles = len(list(s.scalars(select(ArticleRow.id))))
            runs = [r.status for r in s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id))]
    finally:
        store.dispose()
    assert set(states.values()) == {"stored"}, states
    assert articles == N_ARTICLES
    assert runs == ["failed", "ok"]


def test_a_full_disk_under_the_store_is_one_clear_line(tmp_path: Path) -> None:
    """The store itself on a full disk: SQLite's "database or disk is full" (here from `import
    ftm`, which writes only the store) is one line naming the folder, exit CANNOT_WRITE, and
    the import's transaction is rolled back: once there is room, the same import loads all."""
    import json

    rng = random.Random(3)
    people = tmp_path / "people.jsonl"
    with people.open("w", encoding="utf-8") as fh:
        for i in range(4000):
            name = " ".join(
                "".join(rng.choices(string.ascii_lowercase, k=8)).title() for _ in range(3)
            )
            notes = "".join(rng.choices(string.ascii_letters, k=300))
            entity = {
                "id": f"p{i}",
                "schema": "Person",
                "properties": {"name": [name], "notes": [notes]},
            }
            fh.write(json.dumps(entity) + "\n")
    var = tmp_path / "var"
    var.mkdir()
    command = [*_tipwatch("import", "ftm", str(people)), "--data-dir", str(var)]
    full = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            'mount -t tmpfs -o size=1200k tipwatch-full "$1" || exit 99; shift; exec "$@"',
            "sh",
            str(var),
            *command,
        ],
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert full.returncode == ExitCode.CANNOT_WRITE, (full.stdout, full.stderr[-3000:])
    assert "Traceback" not in full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, full.stderr
    assert errors[0].startswith(f"error: no space left writing {var};")
    assert " free in " in errors[0]

    room = subprocess.run(command, env=_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert room.returncode == ExitCode.OK, room.stderr[-3000:]
    assert "4000" in room.stdout, room.stdout
