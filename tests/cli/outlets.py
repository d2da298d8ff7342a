"""One-outlet source folders for tests that run a real `tipwatch run` on a loopback site."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.crawlers.servers import FaultServer


def one_outlet(tmp_path: Path, server: FaultServer, source_id: str, name: str) -> Path:
    """A `sources/` folder with one Kenyan English outlet whose feed is `server`'s /feed.xml."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / f"{source_id}.yaml").write_text(
        yaml.safe_dump(
            {
                "id": source_id,
                "name": name,
                "country": "KE",
                "languages": ["en"],
                "homepage": server.url("/"),
                "feeds": [server.url("/feed.xml")],
            }
        ),
        encoding="utf-8",
    )
    return folder
