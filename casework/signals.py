"""Signals other apps listen to, so casework never imports them (imports flow
``learning → patterns → casework``).

``case_signal`` fires after the transaction that caused it commits, with ``case_id``, ``kind``
and ``user_id``. Kinds: ``published`` (a case went live or was republished), ``unpublished``
(it went offline or was deleted), ``anonymised`` (retention removed its texts: forget what you
copied of them), ``recognised`` ("herken ik"), ``doorbraak`` (a doorbraak was asked for: a sign
the rule does not fit), ``agreement_missed`` (an agreement made at the MDO was not carried out
or not checked in time: the system does not fit). Patterns use it for suggestions.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

case_signal = Signal()

PUBLISHED = "published"
UNPUBLISHED = "unpublished"
RECOGNISED = "recognised"
DOORBRAAK = "doorbraak"
AGREEMENT_MISSED = "agreement_missed"
CASE_ANONYMISED = "anonymised"


def send_case_signal_on_commit(*, case_id: int, kind: str, user_id: int | None = None) -> None:
    """Send ``case_signal`` once the surrounding transaction commits (never for a rollback)."""

    def send() -> None:
        case_signal.send_robust(sender=None, case_id=case_id, kind=kind, user_id=user_id)

    transaction.on_commit(send)
