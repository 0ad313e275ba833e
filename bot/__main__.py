"""`python -m bot` is the same as the `adviesbot` command."""

from bot.cli import main

raise SystemExit(main())
