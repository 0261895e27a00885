"""``python -m newsbrief``, and the ``newsbrief`` command's entry point (:func:`run`)."""

import sys


def run() -> None:
    """Run :func:`newsbrief.cli.main`, imported here: Ctrl-C while it loads (numpy,
    scipy, trafilatura: a second or more) is one line and exit code 130, as in a command."""
    try:
        from newsbrief.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("newsbrief: interrupted while starting; nothing was read or written\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
