"""Rendering of typed results, one surface a module: terminal text, chat Markdown, HTML, and the page
style."""
