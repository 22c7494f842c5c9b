"""Test runs: like development, with a file-backed SQLite test database (so a live Daphne
process can share it) or the database in ``DATABASE_URL`` (the production profile's PostgreSQL)."""

import os
from pathlib import Path

from config.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("LEERNETWERK_MAIL_DIR"):
    # A live server writes its mail to files the browser tests read.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["LEERNETWERK_MAIL_DIR"]
AXES_ENABLED = os.environ.get("LEERNETWERK_AXES", "1") == "1"
if os.environ.get("LEERNETWERK_2FA_REQUIRED_ROLES"):
    # A live server started by a browser test with the two-factor requirement switched on.
    LEERNETWERK_2FA_REQUIRED_ROLES = [
        r for r in os.environ["LEERNETWERK_2FA_REQUIRED_ROLES"].split(",") if r
    ]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        INSTALLED_APPS += ["django.contrib.postgres"]  # Django 6's postgres.E005, as in production
else:
    (BASE_DIR / ".cache").mkdir(exist_ok=True)  # noqa: F405
    if os.environ.get("LEERNETWERK_TEST_DB_DIR"):
        Path(os.environ["LEERNETWERK_TEST_DB_DIR"]).mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",  # noqa: F405
            # LEERNETWERK_TEST_DB_DIR lets two test runs on one checkout keep apart.
            "TEST": {
                "NAME": str(
                    Path(os.environ.get("LEERNETWERK_TEST_DB_DIR") or BASE_DIR / ".cache")  # noqa: F405
                    / "test-db.sqlite3"
                )
            },
        }
    }

if os.environ.get("LEERNETWERK_LIVE_DB"):
    # A live Daphne process started by the browser tests uses the test database of its worker.
    DATABASES["default"]["NAME"] = os.environ["LEERNETWERK_LIVE_DB"]

# Several processes share one test database (live Daphne servers): no per-process caches.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

if os.environ.get("REDIS_URL"):
    from leernetwerk.kernel.conf import redis_channel_layer

    CHANNEL_LAYERS = redis_channel_layer(os.environ["REDIS_URL"])
