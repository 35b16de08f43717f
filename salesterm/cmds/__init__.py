"""One module per command of the command line (see salesterm/cli.py)."""
