"""Accounts and API keys through the real CLI on a real SQLite store: `users list|passwd|disable|
enable`, `api-keys add` giving the id that `revoke` takes, `api-keys list` never showing a key."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tipwatch.accounts import authenticate, session_is_live, start_session
from tipwatch.cli import app
from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import UserRow

runner = CliRunner()


def _cli(data: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    res = runner.invoke(app, [*args, "--data-dir", str(data)], input=stdin)
    return res.exit_code, res.stdout, res.stderr


def test_users_list_passwd_disable_enable(tmp_path: Path) -> None:
    code, out, _ = _cli(tmp_path, "users", "add", "rita", "--role", "reviewer")
    assert code == 0 and "password: " in out
    first = out.rsplit("password: ", 1)[1].strip()
    assert (
        _cli(
            tmp_path,
            "users",
            "add",
            "vera",
            "--role",
            "viewer",
            "--password",
            "-",
            stdin="a long enough secret\n",
        )[0]
        == 0
    )

    code, out, _ = _cli(tmp_path, "users", "list")
    lines = out.strip().splitlines()
    assert lines[0] == "username\trole\tcreated\tdisabled"
    assert [ln.split("\t")[:2] + ln.split("\t")[3:] for ln in lines[1:]] == [
        ["rita", "reviewer", "-"],
        ["vera", "viewer", "-"],
    ]
    assert first not in out  # never a password or its hash

    store = Store(Settings(data_dir=tmp_path).resolved_database_url)
    try:
        with store.session() as s:
            rita = authenticate(s, "rita", first)
            assert rita is not None
            sid = start_session(s, rita.id, max_age=3600)
            rita_id = rita.id

        code, out, _ = _cli(
            tmp_path,
            "users",
            "passwd",
            "rita",
            "--password",
            "-",
            stdin="correct horse battery staple\n",
        )
        assert code == 0 and "correct horse" not in out
        with store.session() as s:
            assert authenticate(s, "rita", first) is None
            assert authenticate(s, "rita", "correct horse battery staple") is not None
            assert not session_is_live(s, sid, rita_id)  # a new password ends the sessions
            sid = start_session(s, rita_id, max_age=3600)

        assert _cli(tmp_path, "users", "disable", "rita")[0] == 0
        with store.session() as s:
            assert authenticate(s, "rita", "correct horse battery staple") is None
            assert not session_is_live(s, sid, rita_id)
            assert s.get_one(UserRow, rita_id).disabled_at is not None
        # the review UI refuses the disabled account at the login form
        settings = Settings(data_dir=tmp_path, secret_key="test-secret-" + "k" * 40)
        with TestClient(create_app(settings, store), follow_redirects=False) as client:
            page = client.get("/login").text
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            r = client.post(
                "/login",
                data={
                    "username": "rita",
                    "password": "correct horse battery staple",
                    "csrf_token": token,
                },
            )
            assert r.status_code != 303
        code, out, _ = _cli(tmp_path, "users", "list")
        rita_line = next(ln for ln in out.splitlines() if ln.startswith("rita\t"))
        assert rita_line.split("\t")[3] != "-"

        assert _cli(tmp_path, "users", "enable", "rita")[0] == 0
        with store.session() as s:
            assert authenticate(s, "rita", "correct horse battery staple") is not None
    finally:
        store.dispose()

    assert _cli(tmp_path, "users", "disable", "nobody")[0] == 2
    assert _cli(tmp_path, "users", "passwd", "rita", "--password", "short")[0] == 2


def test_api_key_add_gives_the_id_revoke_takes(tmp_path: Path) -> None:
    code, out, err = _cli(tmp_path, "api-keys", "add", "--label", "bank", "--rate", "5")
    assert code == 0
    key = out.strip()
    assert key.startswith("tw_") and "\n" not in key
    key_id = err.split("api-keys revoke ", 1)[1].split("`", 1)[0]
    _cli(tmp_path, "api-keys", "add", "--label", "insurer")

    code, out, _ = _cli(tmp_path, "api-keys", "list")
    assert code == 0 and key not in out
    rows = [ln.split("\t") for ln in out.strip().splitlines()[1:]]
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (key_id, "bank", "5", "-"),
        (str(int(key_id) + 1), "insurer", "60", "-"),
    ]

    code, out, _ = _cli(tmp_path, "api-keys", "revoke", key_id)
    assert code == 0
    code, out, _ = _cli(tmp_path, "api-keys", "list")
    revoked = {r.split("\t")[0]: r.split("\t")[5] for r in out.strip().splitlines()[1:]}
    assert revoked[key_id] != "-" and revoked[str(int(key_id) + 1)] == "-"
    assert _cli(tmp_path, "api-keys", "revoke", key_id)[0] == 2  # already revoked
