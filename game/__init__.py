"""Petrograd 1917: a narrative engine for the terminal and its flagship story.

The package is layered: ``game.story`` (the immutable model, loader, expression
language and checks) and ``game.play`` (state, session, saves) import nothing
from Textual; ``game.tools`` builds on both; ``game.views`` shows a session.
"""

__version__ = "0.1.0"
