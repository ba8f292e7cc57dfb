"""The Textual player; start at app.py (make_app)."""
