#!/usr/bin/env python3
"""Start Promoter Wallboard: `python run_wallboard.py --demo`, or `--help`."""

import sys

from wallboard.cli import main

if __name__ == "__main__":
    sys.exit(main())
