"""UI: the edges people and programs meet: the command line, the web page, the JSON routes, and rendering."""
