"""Who may read and change what: users, their rights over collections, API tokens and sign-in sessions (kept
in ``users.sqlite`` beside the index), failed sign-ins counted, and an audit log (``audit.jsonl``).

With no users, qa serves one person on loopback and everyone reads everything (``rights.EVERYONE``). The
engine applies a caller's rights below every surface (qa/engine.py: ``scope``); the HTTP edge that signs
people in is qa/ui/signin.py.
"""
