"""Index: passages → a generation on disk (FAISS vectors, BM25, a typed manifest), built whole and switched to
atomically, and loaded back without embedding anything again."""
