"""The static web build's player: a Session shown as HTML, run by Pyodide in the student's browser.

Pure Python (no Textual, PyYAML, orjson or platformdirs): ``game.webbuild``
ships this package with ``game.story``, ``game.play`` and the transcript tools,
and the page's JavaScript only passes clicks and keys in and puts the HTML
that comes back into the page. Start at ``game.py`` (``WebGame``).
"""
