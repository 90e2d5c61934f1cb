#!/usr/bin/env python3
"""Entry point: `python build.py [command] [options]`; see `python build.py --help`."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main())
