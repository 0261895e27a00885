"""``python -m newsbrief``."""

from newsbrief.cli import main

main()
