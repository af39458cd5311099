"""Collections: each document belongs to one, the first-level folder it stands in under the source folder
("reports/2024/q1.pdf" is in "reports"); a document directly in the source folder is in "default".

A question or a claim can be limited to collections (``qa ask --collection``, ``/v1/ask``'s
``collections``), as it can to documents; the filter is applied in the engine, below every surface.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_COLLECTION = "default"


def collection_of(path: str) -> str:
    """The collection of the document ``path`` (relative to the source folder, forward slashes)."""
    head, sep, _ = path.partition("/")
    return head if sep else DEFAULT_COLLECTION


def collections(paths: Iterable[str]) -> list[str]:
    """The collections the documents ``paths`` make up, sorted ("default" first when present)."""
    found = {collection_of(p) for p in paths}
    return sorted(found, key=lambda c: (c != DEFAULT_COLLECTION, c))


def in_collections(paths: Iterable[str], chosen: Iterable[str]) -> frozenset[str]:
    """The documents of ``paths`` that stand in one of the ``chosen`` collections."""
    wanted = set(chosen)
    return frozenset(p for p in paths if collection_of(p) in wanted)


__all__ = ["DEFAULT_COLLECTION", "collection_of", "collections", "in_collections"]
