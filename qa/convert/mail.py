"""E-mail (.eml) → text: the header fields (From, To, Cc, Date, Subject) as lines of their own, the body
(plain text, or the HTML part read as a web page), then each attachment qa reads, under a heading with its
file name (a forwarded message read as a message of its own). The message's subject is its title. Nothing
in it is run or fetched.
"""

from __future__ import annotations

import email
import email.policy
import mimetypes
from collections.abc import Callable
from email.message import EmailMessage, Message

from qa.convert.encoding import decoded
from qa.convert.extracted import Extracted
from qa.errors import SourceError

FIELDS = ("From", "To", "Cc", "Date", "Subject")
MAX_ATTACHMENTS = 20  # a message with more is read this far, with a note
Attachment = Callable[[str, bytes, str], Extracted]  # file name, bytes, content type → its text


def read(name: str, data: bytes, attachment: Attachment) -> Extracted:
    """The message's fields, body and readable attachments (``attachment`` reads one by its file name and
    content type). A file whose header names no field (a header line broken off, which ends the header
    there) is read as the plain text it is, with a note, rather than skipped."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(field) for field in FIELDS):
        text, _ = decoded(name, data)  # SourceError where it is no text either
        return Extracted(text, (), (f"{name}: no From, To, Date or Subject in its header: read as text",))
    blocks = [f"{field}: {' '.join(str(message[field]).split())}" for field in FIELDS if message.get(field)]
    notes: list[str] = []
    blocks += _contents(message, name, attachment, notes)
    subject = " ".join(str(message.get("Subject") or "").split())
    return Extracted("\n\n".join(b for b in blocks if b.strip()) + "\n", (), tuple(notes), title=subject)


def _contents(message: EmailMessage, name: str, attachment: Attachment, notes: list[str]) -> list[str]:
    """A message's (or a part's) body and readable attachments as blocks; what is not read goes into
    ``notes``. A multipart part among the attachments (a body and its files sent together, nested) is read
    the same way, in its place."""
    blocks = _body(message, name)
    for n, part in enumerate(message.iter_attachments()):
        if n >= MAX_ATTACHMENTS:
            notes.append(f"{name}: only the first {MAX_ATTACHMENTS} attachments were read")
            break
        if part.is_multipart() and part.get_content_maintype() == "multipart":
            blocks += _contents(part, name, attachment, notes)
            continue
        filename, payload = _attached(part)
        try:
            found = attachment(filename, payload, part.get_content_type())
        except SourceError as exc:
            notes.append(f"{name}: attachment {str(exc).removeprefix('skipped ')}")
            continue
        blocks += [f"## {' '.join(filename.split())}", *found.text.strip().split("\n\n")]
    return blocks


def _attached(part: EmailMessage) -> tuple[str, bytes]:
    """An attachment's file name and bytes. A forwarded message (message/rfc822) is its own message's bytes,
    named as one ("ForwardedMessage.eml"; its decoded payload is None, so it read as an empty file); an
    attachment without a name is named for its content type ("attachment.jpg", "attachment.pdf"), which
    says how to read it."""
    kind = part.get_content_type()
    filename = part.get_filename() or f"attachment{mimetypes.guess_extension(kind) or ''}"
    inner = part.get_payload()
    messages = [m for m in inner if isinstance(m, Message)] if isinstance(inner, list) else []
    if kind == "message/rfc822":
        body = messages[0].as_bytes() if messages else b""
        return (filename if filename.lower().endswith(".eml") else f"{filename}.eml"), body
    if part.get_content_maintype() == "message":  # a bounce's delivery status: blocks of fields
        return filename, b"\n".join(m.as_bytes() for m in messages)
    payload = part.get_payload(decode=True)
    return filename, payload if isinstance(payload, bytes) else b""


def _body(message: EmailMessage, name: str) -> list[str]:
    """The body's paragraphs: the plain-text part, else the HTML part read as a web page. A part in a
    character set Python does not know ("X-UNKNOWN") is read as qa reads any text file's bytes."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return []
    try:
        content = part.get_content()
    except LookupError:  # unknown encoding: X-UNKNOWN
        payload = part.get_payload(decode=True)
        content = decoded(name, payload if isinstance(payload, bytes) else b"")[0]
    if part.get_content_type() == "text/html":
        from qa.convert import webpage

        try:
            return webpage.read(name, content.encode("utf-8")).text.strip().split("\n\n")
        except SourceError:
            return []
    return [" ".join(p.split()) for p in content.split("\n\n") if p.strip()]


__all__ = ["read"]
