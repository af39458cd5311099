"""Measure: quality on question, claim and benchmark files, and cost beside the bare encoder (`qa eval`, `qa
bench`)."""
