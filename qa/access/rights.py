"""A caller's rights: the collections they may read and those they may change (upload to, remove from).

Writing a collection implies reading it; an admin reads and writes every collection and manages users. A
collection a caller may not read is, to them, one that does not exist: every surface says the same words
for both (no title, file name or count of it leaks through an error).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from qa.document.collections import collection_of

ALL = "*"  # in a stored list of collections: every collection, present and future


@dataclass(frozen=True)
class Rights:
    """``read``/``write``: the collections named, or None for every one. ``user``: None without sign-in."""

    user: str | None
    read: frozenset[str] | None
    write: frozenset[str] | None = frozenset()
    admin: bool = False

    def reads(self, collection: str) -> bool:
        return self.read is None or collection in self.read or self.writes(collection)

    def writes(self, collection: str) -> bool:
        return self.write is None or collection in self.write

    def may_read(self, path: str) -> bool:
        """Whether the document ``path`` (relative to the source folder) stands in a readable collection; a
        path that is not plain ("hr/../legal/x.txt", "/etc/x") stands in none."""
        return plain(path) and self.reads(collection_of(path))

    def may_write(self, path: str) -> bool:
        """Whether the document ``path`` may be removed (or replaced): it stands in a writable collection."""
        return plain(path) and self.writes(collection_of(path))

    @property
    def reads_all(self) -> bool:
        return self.read is None

    def readable(self, paths: Iterable[str]) -> list[str]:
        """The documents of ``paths`` this caller may read, in their order."""
        return [p for p in paths if self.may_read(p)]


def plain(path: str) -> bool:
    """A relative path of names only, as the index keeps them: no "..", ".", empty part, backslash or root,
    so the collection its first part names is the folder it stands in."""
    parts = path.split("/")
    return bool(path) and "\\" not in path and all(p not in ("", ".", "..") for p in parts)


def parse_list(text: str | None) -> frozenset[str] | None:
    """ "a,b" → {"a", "b"}; "*" → None (every collection); "" or None → nothing."""
    names = frozenset(n.strip() for n in (text or "").split(",") if n.strip())
    return None if ALL in names else names


def show_list(names: frozenset[str] | None) -> str:
    """The inverse of ``parse_list``: None → "*", else the names sorted and joined with commas."""
    return ALL if names is None else ",".join(sorted(names))


def user_rights(user: str, read: str, write: str, admin: bool) -> Rights:
    """A stored user's rights (lists as ``parse_list`` reads them)."""
    if admin:
        return Rights(user, None, None, True)
    return Rights(user, parse_list(read), parse_list(write), False)


EVERYONE = Rights(None, None, None, True)  # no users defined: one person, every document
NOBODY = Rights(None, frozenset(), frozenset(), False)  # signed in as no one known: nothing at all

__all__ = ["ALL", "EVERYONE", "NOBODY", "Rights", "parse_list", "plain", "show_list", "user_rights"]
