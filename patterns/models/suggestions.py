"""What the network suggests: "this case may belong to pattern X", candidate new patterns, and
the incremental text index behind both (see ``patterns.suggestions``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leernetwerk.patterns.constants import SignalKind, SuggestionStatus
from leernetwerk.patterns.models.core import Pattern


class SignalTerm(models.Model):
    """A stemmed word of the indexed texts and in how many of them it occurs (document
    frequency, for the inverse document frequency of TF-IDF)."""

    term = models.CharField(max_length=60, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("index term")
        verbose_name_plural = _("index terms")

    def __str__(self) -> str:
        return self.term


class SignalIndexStats(models.Model):
    """One row: how many texts the index holds (N of the inverse document frequency)."""

    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("index statistics")
        verbose_name_plural = _("index statistics")

    def __str__(self) -> str:
        return str(self.documents)


class SignalDoc(models.Model):
    """One indexed text: a live case's knelpunt, or a pattern's description, with the facets
    (laws, leefgebieden, tags) and its TF-IDF vector at indexing time."""

    kind = models.CharField(max_length=10, choices=SignalKind.choices)
    case = models.OneToOneField(
        "leernetwerk_casework.CasePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    pattern = models.OneToOneField(
        Pattern, on_delete=models.CASCADE, null=True, blank=True, related_name="signal_doc"
    )
    knelpunt_type_id = models.BigIntegerField(null=True, blank=True)
    author_id = models.BigIntegerField(null=True, blank=True)
    signalled_at = models.DateTimeField()
    #: ``["law:3", "domain:5", "tag:huur"]``
    facets = models.JSONField(default=list)
    #: ``{term: weight}``, unit length: the cosine of two texts is the dot product.
    vector = models.JSONField(default=dict)
    #: ``{term: word}``: the word each term came from, to show people.
    words = models.JSONField(default=dict)

    class Meta:
        # Pattern texts are read per knelpunt type for every suggestion: an index, not a scan
        # of all the cases' texts.
        indexes = [models.Index(fields=["kind", "knelpunt_type_id"], name="signal_doc_kind_type")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="case", case__isnull=False, pattern__isnull=True)
                    | models.Q(kind="pattern", case__isnull=True, pattern__isnull=False)
                ),
                name="signal_doc_one_subject",
            )
        ]
        verbose_name = _("indexed text")
        verbose_name_plural = _("indexed texts")

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id or self.pattern_id}"


class SignalPosting(models.Model):
    """The inverted index: which texts hold a term, with its weight there. Denormalised kind,
    knelpunt type and date so one index range answers "recent texts of this type with this
    word"."""

    term = models.ForeignKey(SignalTerm, on_delete=models.CASCADE, related_name="+")
    doc = models.ForeignKey(SignalDoc, on_delete=models.CASCADE, related_name="postings")
    weight = models.FloatField()
    kind = models.CharField(max_length=10, choices=SignalKind.choices)
    knelpunt_type_id = models.BigIntegerField(null=True, blank=True)
    signalled_at = models.DateTimeField()

    class Meta:
        # Covering indexes: a term's most recent postings are read from the index alone.
        indexes = [
            models.Index(
                fields=["term", "kind", "knelpunt_type_id", "-signalled_at", "doc", "weight"],
                name="posting_term_kind_type_date",
            ),
            models.Index(
                fields=["term", "kind", "-signalled_at", "doc", "weight"],
                name="posting_term_kind_date",
            ),
        ]
        verbose_name = _("index posting")
        verbose_name_plural = _("index postings")

    def __str__(self) -> str:
        return f"{self.term_id}@{self.doc_id}"


class CasePatternSuggestion(models.Model):
    """ "This case may belong to pattern X": shown to the case's author and to managers."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage",
        on_delete=models.CASCADE,
        related_name="pattern_suggestions",
    )
    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField(_("similarity"))
    shared_terms = models.JSONField(_("shared words"), default=list)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "pattern"], name="suggestion_case_pattern")
        ]
        verbose_name = _("pattern suggestion")
        verbose_name_plural = _("pattern suggestions")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.pattern_id} ({self.score:.2f})"


class PatternCandidate(models.Model):
    """A new pattern the system proposes: enough similar knelpunten (cases, recognitions,
    doorbraken) from enough different professionals within the window."""

    title = models.CharField(_("working title"), max_length=255)
    knelpunt_type = models.ForeignKey(
        "leernetwerk_casework.KnelpuntType",
        verbose_name=_("knelpunt type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cases = models.ManyToManyField(
        "leernetwerk_casework.CasePage", related_name="pattern_candidates", verbose_name=_("cases")
    )
    shared_terms = models.JSONField(_("shared words"), default=list)
    signal_count = models.PositiveIntegerField(_("signals"), default=0)
    people_count = models.PositiveIntegerField(_("professionals"), default=0)
    #: Of the signals: agreements made at an MDO that were missed (not done, or not checked
    #: in time), shown as such on the board.
    missed_agreements = models.PositiveIntegerField(_("missed agreements"), default=0)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
        db_index=True,
    )
    pattern = models.ForeignKey(
        Pattern,
        verbose_name=_("pattern made from it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(_("why this is not a pattern"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("candidate pattern")
        verbose_name_plural = _("candidate patterns")

    def __str__(self) -> str:
        return self.title
