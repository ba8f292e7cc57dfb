"""One module per ``petrograd`` subcommand (see ``game.cli``)."""
