"""Hits → reader: a learned model that says whether a passage answers, and where (the answer span)."""
