"""Settings of the throwaway site that scripts/lighthouse.sh audits.

The demo's development settings with what a visitor of the real site gets: DEBUG off (the site's
own 404 page, no debug views), static files collected with the production storage (hashed
names, served by WhiteNoise from STATIC_ROOT) — and everything written into LIGHTHOUSE_TMP, a
temporary folder, so the checkout's db.sqlite3, media/ and staticfiles/ are never touched.
Cookies stay as in development (no Secure flag): the audit runs over plain HTTP on 127.0.0.1.
"""

import os
from pathlib import Path

from config.settings.dev import *  # noqa: F403

_TMP = Path(os.environ["LIGHTHOUSE_TMP"])
_ORIGIN = os.environ.get("LIGHTHOUSE_ORIGIN", "http://127.0.0.1:8000")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = [_ORIGIN]
WAGTAILADMIN_BASE_URL = _ORIGIN
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(_TMP / "db.sqlite3")}}
MEDIA_ROOT = _TMP / "media"
STATIC_ROOT = _TMP / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
