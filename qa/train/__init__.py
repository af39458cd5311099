"""Training the models qa ships from public data, reproducibly: the reader (``python -m qa.train.reader``,
then ``python -m qa.train.export``) and the answer decision (``python -m qa.train.decision``)."""
