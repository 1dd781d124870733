#!/usr/bin/env python
import os
import sys

# What a shell reports for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED_EXIT_STATUS = 130


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except KeyboardInterrupt:
        # Ctrl-C while Django starts (before a command can say what it kept),
        # or in a command that does not handle it: one line, not a traceback.
        sys.stderr.write("Interrupted; the command did not finish.\n")
        sys.exit(INTERRUPTED_EXIT_STATUS)


if __name__ == "__main__":
    main()
