"""Encode: texts → normalised vectors. ``base`` is the interface, ``factory`` picks a backend, one module
each."""
