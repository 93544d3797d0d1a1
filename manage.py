#!/usr/bin/env python
"""Django's command-line utility; the `kiemdiem` console script is the same program."""

import sys

from kiemdiem.cli import main

if __name__ == "__main__":
    sys.exit(main())
