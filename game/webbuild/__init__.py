"""``petrograd build-web``: the game as a folder of static files that each browser runs by itself.

``build.py`` writes the folder: the page (``static/``), the Pyodide runtime
copied from where npm unpacked it, the engine's pure-Python packages as one
zip, and the story compiled ahead of time (``game.story.image``), so the
browser never parses YAML. The browser side is ``game.views.browser``.
"""
