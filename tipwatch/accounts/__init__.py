"""Review UI accounts: user rows, password hashing, roles (middle layer: it reads the store and
never the web application, so the CLI and the demo can create users without it)."""

from tipwatch.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from tipwatch.accounts.roles import REVIEW_ROLES, ROLES, Role, is_role
from tipwatch.accounts.users import (
    USERNAME_RE,
    AuthError,
    active_user,
    authenticate,
    create_user,
    save_user,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "REVIEW_ROLES",
    "ROLES",
    "USERNAME_RE",
    "AuthError",
    "Role",
    "active_user",
    "authenticate",
    "create_user",
    "hash_password",
    "is_role",
    "save_user",
    "verify_password",
]
