#!/usr/bin/env python
"""A developer's manage.py: the development settings unless DJANGO_SETTINGS_MODULE says
otherwise. The installed `frontdoor` command defaults to production (frontdoor/cli.py)."""

import os
import sys

from frontdoor.cli import main

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.exit(main())
