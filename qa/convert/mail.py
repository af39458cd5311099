"""E-mail (.eml) → text: the header fields (From, To, Cc, Date, Subject) as lines of their own, the body
(plain text, or the HTML part read as a web page), then each attachment qa reads, under a heading with its
file name. The message's subject is its title. Nothing in it is run or fetched.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable

from qa.convert.extracted import Extracted
from qa.errors import SourceError

FIELDS = ("From", "To", "Cc", "Date", "Subject")
MAX_ATTACHMENTS = 20  # a message with more is read this far, with a note


def read(name: str, data: bytes, attachment: Callable[[str, bytes], Extracted]) -> Extracted:
    """The message's fields, body and readable attachments (``attachment`` reads one by its file name)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(field) for field in FIELDS):
        raise SourceError(f"skipped {name}: not an e-mail message (no From, To, Date or Subject)")
    blocks = [f"{field}: {' '.join(str(message[field]).split())}" for field in FIELDS if message.get(field)]
    blocks += _body(message, name)
    notes: list[str] = []
    for n, part in enumerate(message.iter_attachments()):
        filename = part.get_filename() or ""
        if n >= MAX_ATTACHMENTS:
            notes.append(f"{name}: only the first {MAX_ATTACHMENTS} attachments were read")
            break
        try:
            payload = part.get_payload(decode=True)
            found = attachment(filename, payload if isinstance(payload, bytes) else b"")
        except SourceError as exc:
            notes.append(f"{name}: attachment {str(exc).removeprefix('skipped ')}")
            continue
        blocks += [f"## {' '.join(filename.split())}", *found.text.strip().split("\n\n")]
    subject = " ".join(str(message.get("Subject") or "").split())
    return Extracted("\n\n".join(b for b in blocks if b.strip()) + "\n", (), tuple(notes), title=subject)


def _body(message, name: str) -> list[str]:
    """The body's paragraphs: the plain-text part, else the HTML part read as a web page."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return []
    if part.get_content_type() == "text/html":
        from qa.convert import webpage

        try:
            return webpage.read(name, part.get_content().encode("utf-8")).text.strip().split("\n\n")
        except SourceError:
            return []
    return [" ".join(p.split()) for p in part.get_content().split("\n\n") if p.strip()]


__all__ = ["read"]
