"""One screen per file. Screens never run SQL themselves: they call store/ in workers."""
