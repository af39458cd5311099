"""Users, API tokens and sign-in sessions in one small SQLite file beside the index (``users.sqlite``).

- Passwords are hashed with Argon2id (argon2-cffi: a maintained library, salted, memory-hard; ~0.1 s a check
  here, which also slows guessing). Tokens and session keys are 32 random bytes, so a SHA-256 of each is
  stored: a fast hash suffices for a secret nobody can guess, and a request is checked in microseconds.
- Every change is one SQLite transaction: it lands whole or not at all (the "atomic write" of this file).
  The file is created readable by its owner only.
- Changing a password or removing a user ends their sessions; removing a user also revokes their tokens.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.access.rights import EVERYONE, NOBODY, Rights, parse_list, show_list, user_rights
from qa.errors import AccessError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

USERS_FILE = "users.sqlite"
SESSION_S = 12 * 3600  # a sign-in lasts a working day; then the page asks again
TOKEN_PREFIX = "qa_"  # tells a qa token apart in a config file or a leaked log
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")  # a user or collection name: no slash, no space
_SCHEMA = """
create table if not exists users (name text primary key, hash text not null, read text not null,
  write text not null, admin integer not null, created real not null);
create table if not exists tokens (id integer primary key autoincrement, user text not null, hash text unique
  not null, label text not null, created real not null);
create table if not exists sessions (hash text primary key, user text not null, expires real not null);
"""


@dataclass(frozen=True)
class User:
    name: str
    read: str
    write: str
    admin: bool

    @property
    def rights(self) -> Rights:
        return user_rights(self.name, self.read, self.write, self.admin)


def valid_name(name: str, what: str = "user name") -> str:
    """``name`` when it is a plain name (letters, digits, ``_ . @ -``), else AccessError saying so."""
    if not _NAME.fullmatch(name or ""):
        raise AccessError(f"{what} {name!r} is not usable: letters, digits, '_', '.', '@' or '-' only")
    return name


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Users:
    """The users file of one index folder; one SQLite connection per thread."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / USERS_FILE
        self._local = threading.local()

    def exists(self) -> bool:
        """Whether any user is defined (no file, or an empty one: qa runs without sign-in)."""
        if not self.path.is_file():
            return False
        return self._db().execute("select 1 from users limit 1").fetchone() is not None

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))  # the owner's alone
            db = sqlite3.connect(self.path, timeout=10)
            db.executescript(_SCHEMA)
            self._local.db = db
        return db

    def _hash(self, password: str) -> str:
        if not password:
            raise AccessError("the password is empty")
        return _hasher().hash(password)

    # --- users ------------------------------------------------------------------------------------
    def add(self, name: str, password: str, read: str = "", write: str = "", admin: bool = False) -> User:
        valid_name(name)
        for listed in (read, write):
            for collection in parse_list(listed) or ():
                valid_name(collection, "collection")
        user = User(name, show_list(parse_list(read)), show_list(parse_list(write)), admin)
        try:
            with self._db() as db:
                db.execute(
                    "insert into users values (?, ?, ?, ?, ?, ?)",
                    (name, self._hash(password), user.read, user.write, int(admin), time.time()),
                )
        except sqlite3.IntegrityError:
            raise AccessError(f"user {name!r} exists: `qa users passwd` or `qa users remove` it") from None
        return user

    def get(self, name: str | None) -> User | None:
        return self._user("users u where u.name = ?", (name,)) if name else None

    def _user(self, source: str, args: tuple) -> User | None:
        """The user ``source`` (a table clause and its condition over users ``u``) picks, in one query."""
        found = self._db().execute(f"select u.name, u.read, u.write, u.admin from {source}", args).fetchone()
        return User(found[0], found[1], found[2], bool(found[3])) if found else None

    def all(self) -> list[User]:
        rows = self._db().execute("select name, read, write, admin from users order by name")
        return [User(n, r, w, bool(a)) for n, r, w, a in rows]

    def passwd(self, name: str, password: str) -> None:
        self._known(name)
        with self._db() as db:
            db.execute("update users set hash = ? where name = ?", (self._hash(password), name))
            db.execute("delete from sessions where user = ?", (name,))

    def remove(self, name: str) -> None:
        self._known(name)
        with self._db() as db:
            for table, column in (("users", "name"), ("tokens", "user"), ("sessions", "user")):
                db.execute(f"delete from {table} where {column} = ?", (name,))  # noqa: S608 (fixed names)

    def _known(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise AccessError(f"no user {name!r} (see `qa users list`)")
        return user

    def check(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None. An unknown name costs as long as a known one, so
        the time taken does not tell which names exist."""
        from argon2.exceptions import VerificationError

        row = self._db().execute("select hash from users where name = ?", (name,)).fetchone()
        stored = row[0] if row else _decoy()
        try:
            _hasher().verify(stored, password)
        except (VerificationError, ValueError):
            return None
        return self.get(name) if row else None

    # --- tokens and sessions ------------------------------------------------------------------------
    def create_token(self, name: str, label: str = "") -> tuple[int, str]:
        """A new API token for ``name``: (its id, the token, shown this once)."""
        self._known(name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._db() as db:
            cursor = db.execute(
                "insert into tokens (user, hash, label, created) values (?, ?, ?, ?)",
                (name, _digest(token), label, time.time()),
            )
        return int(cursor.lastrowid or 0), token

    def tokens(self, name: str | None = None) -> list[tuple[int, str, str, float]]:
        """(id, user, label, created) of every token, or of ``name``'s."""
        query = "select id, user, label, created from tokens" + (" where user = ?" if name else "")
        return list(self._db().execute(query + " order by id", (name,) if name else ()))

    def revoke(self, token_id: int) -> None:
        with self._db() as db:
            if db.execute("delete from tokens where id = ?", (token_id,)).rowcount == 0:
                raise AccessError(f"no token {token_id} (see `qa tokens list`)")

    def by_token(self, token: str) -> User | None:
        return self._user("tokens t join users u on u.name = t.user where t.hash = ?", (_digest(token),))

    def open_session(self, name: str) -> str:
        key = secrets.token_urlsafe(32)
        with self._db() as db:
            db.execute("delete from sessions where expires < ?", (time.time(),))
            db.execute("insert into sessions values (?, ?, ?)", (_digest(key), name, time.time() + SESSION_S))
        return key

    def by_session(self, key: str) -> User | None:
        source = "sessions s join users u on u.name = s.user where s.hash = ? and s.expires > ?"
        return self._user(source, (_digest(key), time.time()))

    def close_session(self, key: str) -> None:
        with self._db() as db:
            db.execute("delete from sessions where hash = ?", (_digest(key),))


def caller_rights(users: Users | None, name: str | None) -> Rights:
    """The rights of the caller the sign-in layer named ``name``: everyone's without users; nobody's for a
    request that names no known user (one that reached a handler around the sign-in reads nothing)."""
    if users is None:
        return EVERYONE
    user = users.get(name)
    return user.rights if user is not None else NOBODY


@functools.cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher  # only where passwords are set or checked

    return PasswordHasher()


@functools.cache
def _decoy() -> str:
    """A hash of a password nobody knows, checked against when the name is unknown (same cost as a user)."""
    return _hasher().hash(secrets.token_urlsafe(16))


__all__ = ["caller_rights", "SESSION_S", "TOKEN_PREFIX", "USERS_FILE", "User", "Users", "valid_name"]
