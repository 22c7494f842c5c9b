"""Which of the patterns app's notifications are still current (the kernel asks; ADR 0008): a
"may belong to pattern X" suggestion or a "possible new pattern" that was dealt with drops out of
the notifications page, the bell's count and the daily digest."""

from django.db.models import Q
from django.urls import reverse

from leernetwerk.kernel.notifications import register_still_current
from leernetwerk.patterns.constants import SuggestionStatus
from leernetwerk.patterns.models import CasePatternSuggestion, PatternCandidate


@register_still_current("pattern.suggestion", reads=(CasePatternSuggestion,))
def open_suggestions(user) -> Q:
    """ "May belong to pattern X" stays current while its case is live and has a suggestion
    for this member (its author or the pattern's owner) that nobody dealt with."""
    still_open = (
        CasePatternSuggestion.objects.filter(status=SuggestionStatus.OPEN, case__live=True)
        .filter(Q(case__owner=user) | Q(pattern__owner=user))
        .select_related("case")
    )
    return Q(url__in=sorted({f"{s.case.url}#pattern-suggestions" for s in still_open}))


@register_still_current("pattern.candidate", reads=(PatternCandidate,))
def open_candidates(user) -> Q:
    """ "Possible new pattern" stays current until a manager accepts or dismisses it."""
    ids = PatternCandidate.objects.filter(status=SuggestionStatus.OPEN).values_list("pk", flat=True)
    return Q(url__in=[reverse("leernetwerk_patterns:candidate", args=[pk]) for pk in ids])
