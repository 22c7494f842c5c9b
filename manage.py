#!/usr/bin/env python
"""Django's command-line utility for the Leernetwerk host site."""

import os
import sys
from pathlib import Path

# The host project lives in the folder ``site/`` (``site`` is a standard-library module name,
# so it is a folder on the path, not a package): put it on the path before Django starts.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
