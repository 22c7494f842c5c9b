"""Put the host project's folder (``site/``) on ``sys.path``.

``site`` is a standard-library module, so the host project cannot be a package of that name;
its folder goes on the path instead and its packages are imported as ``config`` and ``home``.
"""

import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SITE_DIR.parent


def ensure_on_path() -> None:
    for folder in (str(REPO_DIR), str(SITE_DIR)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
