"""The host's mail connection, asked for the same way on every Django we support.

Django 6.1 replaces ``EMAIL_BACKEND`` and ``get_connection()`` by the ``MAILERS`` setting and
``django.core.mail.mailers``; ``get_connection()`` warns there and goes away with Django 7. The
plugin sends through the host's default mailer: ``mailers.default`` where it exists (it also
honours a host that still sets ``EMAIL_BACKEND``), ``get_connection()`` on Django 5.2 and 6.0.
"""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


def mail_connection() -> BaseEmailBackend:
    """A connection to the host's default mailer; use it as a context manager."""
    mailers = getattr(mail, "mailers", None)
    if mailers is None:  # Django < 6.1
        return mail.get_connection()
    return mailers.default
