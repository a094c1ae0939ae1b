from probproof.cli import entry

entry()
