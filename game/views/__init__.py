"""How a session is shown: the Textual app (tui/) and plain line mode (plain.py)."""
