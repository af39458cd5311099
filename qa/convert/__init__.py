"""Convert: a file's bytes → the plain text qa cites (PDF, web page, Word, image), read in a child process
held to limits (`isolate`); one module per format, PDF a folder of its own.
"""
