"""One list of guarded fields per model: every text a leernetwerk model stores is either
guarded by the privacy guard or exempted on purpose, with a reason."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps
from taggit.managers import TaggableManager
from wagtail.fields import StreamField

from leernetwerk.kernel.guarded import REGISTRY, TAGS, guarded_fields, text_field_names


def _text_fields(model) -> set[str]:
    names = set()
    for field in model._meta.get_fields():
        if isinstance(field, TaggableManager):
            names.add(field.name)
        elif isinstance(field, StreamField):
            names.add(field.name)
        elif isinstance(field, models.CharField | models.TextField) and not field.choices:
            names.add(field.name)
    return names


def _leernetwerk_models():
    return [model for model in apps.get_models() if model.__module__.startswith("leernetwerk.")]


@pytest.mark.parametrize("model", _leernetwerk_models(), ids=lambda m: m._meta.label)
def test_every_text_field_is_guarded_or_exempted(model):
    texts = _text_fields(model)
    guard = REGISTRY.get(model._meta.label)
    if not texts:
        return
    assert guard is not None, f"{model._meta.label} has text fields {sorted(texts)} but no guard"
    listed = set(guard.fields) | set(guard.exempt)
    assert texts - listed == set(), f"{model._meta.label}: not guarded, not exempted"
    assert set(guard.fields) & set(guard.exempt) == set()
    for name, reason in guard.exempt.items():
        assert reason.strip(), f"{model._meta.label}.{name} is exempt without a reason"


def test_the_registry_names_only_fields_that_exist():
    for label, guard in REGISTRY.items():
        model = apps.get_model(label)
        names = {field.name for field in model._meta.get_fields()}
        assert set(guard.fields) | set(guard.exempt) <= names, label


@isolate_apps("leernetwerk.casework")
def test_a_new_unlisted_text_field_is_noticed():
    """The check above is not vacuous: a model with one unlisted text field fails it."""

    class Probe(models.Model):
        note = models.TextField()
        kind = models.CharField(max_length=5, choices=[("a", "A")])

        class Meta:
            app_label = "leernetwerk_casework"

        def __str__(self) -> str:
            return self.note

    assert _text_fields(Probe) == {"note"}
    assert "leernetwerk_casework.Probe" not in REGISTRY


@pytest.mark.django_db
def test_the_case_texts_are_one_list(make_case):
    from leernetwerk.casework import selectors, services
    from leernetwerk.casework.forms import CaseForm
    from leernetwerk.casework.models import CasePage

    assert guarded_fields(CasePage) == (
        "title",
        "seo_title",
        "search_description",
        "situation",
        "ik_wil",
        "ik_kan",
        "ik_heb_nodig",
        "knelpunt",
        "maatwerk",
        "consent_purpose",
        TAGS,
    )
    case = make_case(ik_heb_nodig="Ik heb nodig: rust", consent_purpose="Bespreken in de wijk")
    assert set(case.text_fields) == set(text_field_names(CasePage))
    # Search, editing and anonymisation all read the same list.
    found = selectors.case_search(CasePage.objects.all(), "rust")
    assert list(found) == [case]
    initial = CaseForm.initial_for(case)
    assert initial["ik_heb_nodig"] == "Ik heb nodig: rust"
    assert initial["consent_purpose"] == "Bespreken in de wijk"
    case.seo_title = "Zoektitel"
    case.save()
    services.case_anonymise(case=case)
    case = CasePage.objects.get(pk=case.pk)
    for name in text_field_names(CasePage):
        if name != "title":
            assert getattr(case, name) in ("", services.ANONYMISED), name
