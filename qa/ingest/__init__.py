"""Ingest: source files → documents → paragraphs → passages, each a verbatim span of its document."""
