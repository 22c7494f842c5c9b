"""The learning app's public writes, for the host site and other code outside the app: the
services of the leersessies (``sessions.services``) and of the lessons (``lessons.services``).
Code inside the app imports those modules directly; this module only re-exports their
``__all__``."""

from leernetwerk.learning.lessons import services as _lessons
from leernetwerk.learning.lessons.services import *  # noqa: F403
from leernetwerk.learning.sessions import services as _sessions
from leernetwerk.learning.sessions.services import *  # noqa: F403

__all__ = [*_sessions.__all__, *_lessons.__all__]
