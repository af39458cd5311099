"""PDF: `text` reads a file (text layer or OCR), `fonts` tells headings by their font, `garbage` tells a text
layer that spells nothing, `grid` finds tables from where the words stand.
"""
