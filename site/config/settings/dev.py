"""Local development: SQLite, the in-memory channel layer, e-mail on the console."""

from config.settings.base import *  # noqa: F403

DEBUG = True
# Development only; production.py refuses to start without SECRET_KEY in the environment.
SECRET_KEY = "django-insecure-leernetwerk-development-only"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8000", "http://localhost:8000"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
