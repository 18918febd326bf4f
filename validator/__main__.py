"""``python -m validator``: the command line (see :mod:`validator.cli`)."""

import signal
import sys

from validator.cli import main


def _stop(signum, frame):
    raise KeyboardInterrupt  # `kill`: stop as Ctrl-C does (say how far it got, end the worker processes)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(main())
