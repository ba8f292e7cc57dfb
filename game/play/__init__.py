"""One game in progress: state, session, saves."""
