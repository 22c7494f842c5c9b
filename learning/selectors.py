"""The learning app's public reads, for the host site and other code outside the app: the
selectors of the leersessies (``sessions.selectors``) and of the lessons
(``lessons.selectors``). Code inside the app imports those modules directly; this module only
re-exports their ``__all__``."""

from leernetwerk.learning.lessons import selectors as _lessons
from leernetwerk.learning.lessons.selectors import *  # noqa: F403
from leernetwerk.learning.sessions import selectors as _sessions
from leernetwerk.learning.sessions.selectors import *  # noqa: F403

__all__ = [*_sessions.__all__, *_lessons.__all__]
