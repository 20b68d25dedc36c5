"""Command groups too large for cli.py, each a Typer app that cli.py adds under its name."""
