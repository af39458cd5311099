"""Verify: a pasted claim → a verdict per sentence (supported, contradicted or not found), with evidence."""
