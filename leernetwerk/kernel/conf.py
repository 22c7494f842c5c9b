"""The plugin's settings: every ``LEERNETWERK_*`` setting with its documented default, in one place.

A host overrides any of them in its settings module; code reads them only through :func:`get`
(never ``getattr(settings, "LEERNETWERK_…")``), so the default below is the one in force. The
README's settings table is this mapping. Django's own settings that the plugin needs (apps,
middleware, login URLs, django-axes…) are added by :func:`leernetwerk.configure`, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # --- Hosting ---
    # The public origin ("https://leernetwerk.gemeente.nl", no path) of links that leave the
    # site: e-mails, feeds, canonical/og:url, the lessons API, calendar (ICS) files; its host is
    # also the domain of calendar UIDs. None: WAGTAILADMIN_BASE_URL, else the default Site record
    # unless it is Wagtail's localhost:80, else the request's origin (see public_origin()).
    "LEERNETWERK_PUBLIC_ORIGIN": None,
    # Proxies (addresses or networks) whose X-Forwarded-For names the client's address for the
    # login rate limit (django-axes); other requests count under their own address. The default
    # is the documented nginx on the same machine.
    "LEERNETWERK_TRUSTED_PROXIES": ("127.0.0.1", "::1"),
    # The host's base template that the plugin's pages extend.
    "LEERNETWERK_BASE_TEMPLATE": "base.html",
    # --- Accounts ---
    # Roles (``leernetwerk.kernel.roles.Role`` values) whose holders must use two-factor
    # authentication; superusers count as holding every role while the list is non-empty. None
    # by default (a development install stays easy); ``check --deploy`` warns in production
    # until the host chooses (recommended: the four admin roles, see the README).
    "LEERNETWERK_2FA_REQUIRED_ROLES": (),
    # Days an invitation link stays valid.
    "LEERNETWERK_INVITATION_DAYS": 7,
    # The largest CSV of invitations a manager may upload (rows).
    "LEERNETWERK_INVITATION_CSV_MAX_ROWS": 10_000,
    # --- Privacy ---
    # Names the privacy guard refuses in case texts, comments and lessons (besides BSN, IBAN…).
    "LEERNETWERK_PII_NAMES": (),
    # Default retention of a case (AVG): two years after it was brought in.
    "LEERNETWERK_CASE_RETENTION_DAYS": 730,
    # --- Cases ---
    # Minutes in which the author may still edit a comment.
    "LEERNETWERK_COMMENT_EDIT_MINUTES": 15,
    # Cases per page on the cases index.
    "LEERNETWERK_CASES_PER_PAGE": 20,
    # --- Patterns ---
    # A candidate pattern needs this many signals (cases, recognitions, doorbraken)…
    "LEERNETWERK_PATTERN_MIN_SIGNALS": 3,
    # …from at least this many different professionals…
    "LEERNETWERK_PATTERN_MIN_PEOPLE": 2,
    # …within this many months.
    "LEERNETWERK_PATTERN_WINDOW_MONTHS": 12,
    # How similar two cases must be to count as the same knelpunt: the score 0.75 · TF-IDF cosine
    # of their texts + 0.25 · facet overlap (0–1), calibrated on tests/data/suggestions_dev.jsonl.
    "LEERNETWERK_SUGGESTION_MIN_SIMILARITY": 0.2,
    # Overdue patterns move up to the next table automatically (notify_overdue_patterns).
    "LEERNETWERK_AUTO_ESCALATE_OVERDUE": False,
    # Cards per column on the board (the most recently changed); "show all" opens one table.
    "LEERNETWERK_BOARD_COLUMN_LIMIT": 40,
    # --- Agreements on a case (MDO) ---
    # Weeks after the agreement that it is checked (Oss: every agreement, after six weeks).
    "LEERNETWERK_AGREEMENT_CHECK_WEEKS": 6,
    # Days before its check date that the owner and the case's author are reminded, once
    # (check_agreements, daily from cron); unchecked after the date, it becomes a case signal.
    "LEERNETWERK_AGREEMENT_REMINDER_DAYS": 3,
    # The resident's mark (1–10) is shown outside its case only as a median of at least this
    # many residents (the dashboard); fewer, and no figure is shown at all.
    "LEERNETWERK_SCORE_MIN_RESIDENTS": 10,
    # --- Proeftuinen ---
    # Days before a proeftuin's end date that its owner is reminded (notify_overdue_patterns,
    # daily: once per day listed, the nearest that applies); after the end date without a
    # decision, the owner and the table's chair are reminded once per term.
    "LEERNETWERK_PROEFTUIN_REMINDER_DAYS": (14, 3),
    # A proeftuin is time-boxed: one term (start to end, or an extension) lasts at most this long.
    "LEERNETWERK_PROEFTUIN_MAX_DAYS": 730,
    # --- Trend signals ---
    # Trend figures show a count of cases only from this many on ("fewer than 5" below it), and
    # no period or group with fewer cases in all; a word is suggested as a need category only
    # when this many cases of at least two authors use it.
    "LEERNETWERK_TREND_MIN_CASES": 5,
    # A need rises or falls when its share changes by at least this many percentage points
    # between the earlier and the recent half of the window (and the change is significant).
    "LEERNETWERK_TREND_MIN_CHANGE": 5,
    # --- Leersessies and lessons ---
    # The levels of leersessies in the order dilemmas climb (Oss: uitvoering, management,
    # bestuur). A built-in level by its value, or a dict for one of the host's own: {"value":
    # "inwoners", "label": {"nl": "Inwoners", "en": "Residents"}, "roles": None (every member)
    # or a tuple of Role values, "ladder": False (beside the ladder)}. Checked by E008.
    "LEERNETWERK_SESSION_LEVELS": ("uitvoering", "management", "bestuur"),
    # Days ahead that the owner of a leersessie action is reminded (notify_due_actions).
    "LEERNETWERK_ACTION_REMINDER_DAYS": 3,
    # Seconds a shared cache may keep a public page (lessons) for anonymous readers.
    "LEERNETWERK_PUBLIC_CACHE_SECONDS": 300,
    # --- Notifications and live updates ---
    # Notifications per page of a member's notification list.
    "LEERNETWERK_NOTIFICATIONS_PER_PAGE": 30,
    # Notifications listed in one daily digest e-mail (the rest: "and N more", with the link).
    "LEERNETWERK_DIGEST_MAX_ITEMS": 50,
    # Days a live event stays in the log; clients offline for longer are told to reload.
    "LEERNETWERK_LIVE_RETENTION_DAYS": 30,
    # Seconds between a live socket's heartbeats, which carry the stream's last event id: a
    # client that missed the last event (its broadcast was lost) sees it there and fetches it.
    "LEERNETWERK_LIVE_HEARTBEAT_SECONDS": 25,
}

#: The channel layer capacity and expiry that lose no live event under load (see
#: :func:`redis_channel_layer`); the deploy check warns below them.
REDIS_CAPACITY = 2000
REDIS_EXPIRY = 300
REDIS_MAX_CONNECTIONS = 2000
REDIS_PUBSUB_LAYER = "channels_redis.pubsub.RedisPubSubChannelLayer"
REDIS_CORE_LAYER = "channels_redis.core.RedisChannelLayer"


def get(name: str) -> Any:
    """The value of the plugin setting ``name``: the host's, or the default above.

    An unknown name is a ``KeyError``: every setting the plugin reads has its default here."""
    return getattr(settings, name, DEFAULTS[name])


def public_origin(request=None) -> str:
    """The origin (scheme and host, no trailing slash) of absolute links (feeds, canonical and
    og:url, the lessons API, calendar files, e-mails): ``LEERNETWERK_PUBLIC_ORIGIN``, else
    Wagtail's ``WAGTAILADMIN_BASE_URL``, else the default Wagtail Site's root URL unless it is
    still the ``localhost:80`` that Wagtail installs, else the origin of ``request``; ``""``
    when none of these is known (links stay relative, and ``check --deploy`` warns)."""
    origin = get("LEERNETWERK_PUBLIC_ORIGIN") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    if origin:
        return str(origin).rstrip("/")
    if request is not None and hasattr(request, "_leernetwerk_public_origin"):
        return request._leernetwerk_public_origin
    origin = _site_origin()
    if not origin and request is not None:
        origin = f"{request.scheme}://{request.get_host()}"
    if request is not None:
        request._leernetwerk_public_origin = origin
    return origin


def public_url(path: str, request=None) -> str:
    """``path`` (``/lessen/…``) on the public origin; an absolute URL stays as it is."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return public_origin(request) + path


def page_public_url(page, request=None) -> str:
    """A Wagtail page's address on the public origin (``""`` for a page outside any site)."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    _site_id, root_url, page_path = parts
    return (public_origin(request) or (root_url or "").rstrip("/")) + page_path


def _site_origin() -> str:
    """The default Site's root URL, unless it is Wagtail's installation default."""
    from django.db import DatabaseError
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # e.g. ``check --deploy`` before the first migration
        return ""
    if site is None or (site.hostname in ("localhost", "") and site.port == 80):
        return ""
    return site.root_url.rstrip("/")


def redis_channel_layer(
    urls: str | Sequence[str],
    *,
    pubsub: bool = True,
    capacity: int = REDIS_CAPACITY,
    expiry: int = REDIS_EXPIRY,
    max_connections: int = REDIS_MAX_CONNECTIONS,
) -> dict[str, Any]:
    """The ``CHANNEL_LAYERS`` setting for channels_redis at ``urls`` (``redis://host:6379/0``, or
    several: channels_redis shards groups and channels over them by consistent hashing) that
    several Daphne processes share without losing live events.

    ``pubsub`` (the default): channels_redis' ``RedisPubSubChannelLayer``. A group send is one
    Redis ``PUBLISH``; every process subscribed to the group hands it to its own members. The
    core ``RedisChannelLayer`` writes one message per member channel into Redis and each process
    pops them one by one: with 1,000 followers of one case that is 1,000 Redis operations per
    event (``bench/live_fanout.py --lockstep``, 1,000 clients on two Daphne processes: p99
    237 ms with pub/sub, 276 ms with the core layer; 931 against 2,582 ms on a busy machine).
    Pub/sub delivers at most once (a subscriber whose connection drops misses what is
    published meanwhile); events are persisted with ids first, so a consumer fills a gap from the
    log when the next event comes, and the heartbeat shows a lost last event (ADR 0015).

    Why each value:

    * ``max_connections`` 2000: redis-py 8 needs an explicit pool size, or bursts of group sends
      fail with "Too many connections".
    * ``socket_timeout`` None: a consumer may wait idle on Redis for a long time; a read timeout
      would close it after 5 s.
    * ``capacity`` 2000 and ``expiry`` 300 s (core layer only; pub/sub keeps no queue in Redis):
      a follower whose process is busy falls behind, and the core layer drops what exceeds a
      channel's capacity (default 100) or is older than the expiry (default 60 s): 2,800 of
      13,560 events were lost with the defaults, none with these (``bench/load.py``, 200
      members on two Daphne processes).

    Use it in a settings module: ``CHANNEL_LAYERS = redis_channel_layer(os.environ["REDIS_URL"])``
    (importing this module there is safe: it reads no setting until called at run time).
    """
    hosts = [
        {"address": url, "max_connections": max_connections, "socket_timeout": None}
        for url in ([urls] if isinstance(urls, str) else urls)
    ]
    if not hosts:
        raise ValueError("redis_channel_layer() needs at least one Redis URL")
    if pubsub:
        return {"default": {"BACKEND": REDIS_PUBSUB_LAYER, "CONFIG": {"hosts": hosts}}}
    return {
        "default": {
            "BACKEND": REDIS_CORE_LAYER,
            "CONFIG": {"hosts": hosts, "capacity": capacity, "expiry": expiry},
        }
    }
