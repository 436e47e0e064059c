"""The `frontdoor` console script: Django's manage.py under the project's own name. It runs
the production settings unless DJANGO_SETTINGS_MODULE says otherwise (`make run` and
manage.py say config.settings.dev; the tests config.settings.test)."""

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
