"""Text: the words, sentences, figures, names and question types that every later floor reads.

Pure functions over strings; nothing here knows about documents, vectors or indexes.
"""
