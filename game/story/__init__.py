"""The story as authored: loaded once, checked, never changed."""
