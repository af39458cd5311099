"""Retrieve: an index and a question → ranked hits (hybrid fusion), and the cited sentence of each."""
