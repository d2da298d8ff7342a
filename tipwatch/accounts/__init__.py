"""Review UI accounts: user rows, password hashing, roles (middle layer: it reads the store and
never the web application, so the CLI and the demo can create users without it)."""

from tipwatch.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from tipwatch.accounts.roles import REVIEW_ROLES, ROLES, Role, is_role
from tipwatch.accounts.sessions import (
    end_session,
    end_user_sessions,
    session_is_live,
    start_session,
)
from tipwatch.accounts.throttle import Hold, LoginLimits, attempt_succeeded, begin_attempt
from tipwatch.accounts.users import (
    USERNAME_RE,
    AuthError,
    active_user,
    authenticate,
    create_user,
    disable_user,
    enable_user,
    list_users,
    save_user,
    set_password,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "REVIEW_ROLES",
    "ROLES",
    "USERNAME_RE",
    "AuthError",
    "Hold",
    "LoginLimits",
    "Role",
    "active_user",
    "attempt_succeeded",
    "authenticate",
    "begin_attempt",
    "create_user",
    "disable_user",
    "enable_user",
    "end_session",
    "end_user_sessions",
    "hash_password",
    "is_role",
    "list_users",
    "save_user",
    "set_password",
    "session_is_live",
    "start_session",
    "verify_password",
]
