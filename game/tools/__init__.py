"""What authors and teachers run on a story: explore, playtest, graph, story tests, replay."""
