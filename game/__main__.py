"""``python -m game`` runs the same CLI as the ``petrograd`` script."""

from game.cli import main

raise SystemExit(main())
