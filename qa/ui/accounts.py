"""`qa users` and `qa tokens`: who may sign in to `qa serve`, what each may read and change, and the API
tokens scripts and MCP clients send. Kept in ``users.sqlite`` beside the index (qa/access/store.py); every
change is written to the audit log (qa/access/audit.py), the operator named by their account here.

A password is asked twice on a terminal, or read as one line from standard input (scripts:
``printf '%s\\n' "$PW" | qa users add ana --read hr``); it is never a flag, so it stays out of the shell's
history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from qa.access import audit
from qa.access.store import User, Users
from qa.errors import AccessError


def _users(args: argparse.Namespace) -> Users:
    from qa.settings import Settings

    return Users(Settings.from_env(index=args.index).index)


def _password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise AccessError("the two passwords differ: nothing was changed")
    return first


def _role(user: User) -> str:
    """ "admin", or "read hr,legal; write hr" ("*": every collection, "-": none)."""
    return "admin" if user.admin else f"read {user.read or '-'}; write {user.write or '-'}"


def _named(args: argparse.Namespace) -> str:
    if not args.name:
        raise AccessError(f"`qa {args.command} {args.action}` needs a NAME")
    return str(args.name)


def cmd_users(args: argparse.Namespace) -> int:
    """Manage who signs in to `qa serve`: add NAME [--read C1,C2] [--write C1] [--admin], passwd NAME,
    remove NAME, list. With no users, `qa serve` serves one person on loopback without sign-in."""
    users = _users(args)
    folder = users.path.parent
    if args.action == "list":
        for user in users.all():
            print(f"{user.name}: {_role(user)}")
        return 0
    name = _named(args)
    if args.action == "add":
        user = users.add(name, _password(), args.read or "", args.write or "", args.admin)
        rights = {"read": user.read, "write": user.write, "admin": user.admin}
        print(f"added {name}: {_role(user)}")
    elif args.action == "passwd":
        users.passwd(name, _password())
        rights = {}
        print(f"changed {name}'s password; their sessions are signed out")
    else:
        users.remove(name)
        rights = {}
        print(f"removed {name}, their tokens and sessions")
    audit.record(folder, f"user-{args.action}", user=name, by=audit.operator(), **rights)
    return 0


def cmd_tokens(args: argparse.Namespace) -> int:
    """API tokens for scripts and MCP clients (`Authorization: Bearer …`): create NAME [--label L], list
    [NAME], revoke ID. A token reads and writes what its user may."""
    users = _users(args)
    folder = users.path.parent
    if args.action == "list":
        for token_id, user, label, created in users.tokens(args.name):
            made = time.strftime("%Y-%m-%d %H:%M", time.gmtime(created))
            print(f"{token_id}: {user}{f' ({label})' if label else ''}, created {made} UTC")
        return 0
    if args.action == "create":
        name = _named(args)
        token_id, token = users.create_token(name, args.label or "")
        audit.record(folder, "token-create", user=name, token=token_id, by=audit.operator())
        print(token)
        print(f"token {token_id} for {name}: shown this once; send it as 'Authorization: Bearer …'",
              file=sys.stderr)  # fmt: skip
        return 0
    try:
        token_id = int(_named(args))
    except ValueError:
        raise AccessError(
            f"`qa tokens revoke` takes a token's number (see `qa tokens list`), not {args.name!r}"
        ) from None
    users.revoke(token_id)
    audit.record(folder, "token-revoke", token=token_id, by=audit.operator())
    print(f"revoked token {token_id}")
    return 0


__all__ = ["cmd_tokens", "cmd_users"]
