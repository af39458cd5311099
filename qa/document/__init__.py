"""Document: the model every later stage reads (`Document`, `Layout`, `Paragraph`, `Passage`), the source
folder scanned into documents, and the library of uploads and removals.
"""
