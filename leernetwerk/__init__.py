"""Leernetwerk: a Wagtail plugin for a lerend netwerk in the Dutch social domain.

Everything installs under this one package: the kernel (``leernetwerk.kernel``: members,
roles and access, notifications, live updates, the privacy guard) and the apps on top of it
(``leernetwerk.casework``, ``leernetwerk.patterns``, ``leernetwerk.learning``). Importing this
package imports nothing of Django, so a host's settings module may use ``configure``.
"""

from leernetwerk.hostconfig import configure

__all__ = ["__version__", "configure"]
__version__ = "0.2.0"
