"""Training the models qa ships (the reader), from public data, reproducibly: ``python -m
qa.train.reader``."""
