"""Where a pattern may be signalled and who may own it, as literal scenarios.

The ladder (seeded): Casustafel / team (10), Werktafel (20), Ambtelijke stuurgroep (30),
Bestuurlijke stuurgroep (40); the stuurgroep tables seat the stuurgroep members' group.

* A professional signals to the werktafel (or lower), or to a table they sit at, never straight
  onto a stuurgroep table; managers may signal to any active table.
* The owner is the signaller, someone who sits at the chosen table, or a manager.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.models import LearningTable, Pattern

pytestmark = pytest.mark.django_db


def _table(position: int) -> LearningTable:
    return LearningTable.objects.get(position=position)


def _signal(client, **fields):
    data = {"title": "Voorschot bij wachttijd WW", "description": "Geen voorschot mogelijk."}
    data.update({key: value.pk for key, value in fields.items()})
    return client.post(reverse("leernetwerk_patterns:create"), data, HTTP_ACCEPT_LANGUAGE="nl")


def test_a_professional_may_not_signal_straight_onto_the_bestuurlijke_stuurgroep(
    client, professional
):
    with pytest.raises(ValidationError) as refused:
        services.pattern_create(
            user=professional, title="Wachttijd", description="Te lang", table=_table(40)
        )
    assert "table" in refused.value.message_dict
    client.force_login(professional)
    response = _signal(client, table=_table(40))
    assert response.status_code == 200
    assert not Pattern.objects.exists()
    assert 'class="ln-errorlist"' in response.content.decode()


def test_a_professional_may_not_signal_to_the_ambtelijke_stuurgroep(professional):
    with pytest.raises(ValidationError):
        services.pattern_create(
            user=professional, title="Wachttijd", description="Te lang", table=_table(30)
        )
    assert not Pattern.objects.exists()


def test_the_signal_form_offers_a_professional_only_the_first_steps(client, professional):
    client.force_login(professional)
    page = client.get(reverse("leernetwerk_patterns:create")).content.decode()
    assert "Werktafel" in page
    assert "Bestuurlijke stuurgroep" not in page
    assert "Ambtelijke stuurgroep" not in page


def test_a_professional_signals_to_the_werktafel_as_owner(client, professional):
    client.force_login(professional)
    response = _signal(client, table=_table(20), owner=professional)
    pattern = Pattern.objects.get()
    assert response.status_code == 302
    assert pattern.table.name == "Werktafel"
    assert pattern.owner == professional


def test_a_professional_may_not_name_a_stuurgroep_member_owner_at_the_werktafel(
    client, professional, make_user
):
    bestuurder = make_user(Role.STUURGROEP, first_name="Bea", last_name="Bestuurder")
    with pytest.raises(ValidationError) as refused:
        services.pattern_create(
            user=professional,
            title="Wachttijd",
            description="Te lang",
            table=_table(20),
            owner=bestuurder,
        )
    assert "owner" in refused.value.message_dict
    client.force_login(professional)
    form_page = client.get(reverse("leernetwerk_patterns:create")).content.decode()
    assert "Bea Bestuurder" not in form_page
    response = _signal(client, table=_table(20), owner=bestuurder)
    assert response.status_code == 200
    assert not Pattern.objects.exists()


def test_a_professional_may_not_name_another_professional_owner(professional, make_user):
    colleague = make_user(Role.PROFESSIONAL)
    with pytest.raises(ValidationError):
        services.pattern_create(
            user=professional,
            title="Wachttijd",
            description="Te lang",
            table=_table(20),
            owner=colleague,
        )


def test_a_professional_may_name_a_manager_owner(professional, manager):
    pattern = services.pattern_create(
        user=professional, title="Wachttijd", description="Te lang", owner=manager
    )
    assert pattern.owner == manager


def test_a_manager_signals_to_the_bestuurlijke_stuurgroep_with_a_member_as_owner(
    manager, make_user
):
    bestuurder = make_user(Role.STUURGROEP)
    pattern = services.pattern_create(
        user=manager, title="Beleid", description="Regel knelt", table=_table(40), owner=bestuurder
    )
    assert pattern.table.name == "Bestuurlijke stuurgroep"
    assert pattern.owner == bestuurder


def test_a_manager_may_not_name_a_professional_owner_at_the_stuurgroep(manager, professional):
    with pytest.raises(ValidationError):
        services.pattern_create(
            user=manager,
            title="Beleid",
            description="Regel knelt",
            table=_table(40),
            owner=professional,
        )


def test_a_stuurgroep_member_signals_to_their_own_table(make_user):
    bestuurder = make_user(Role.STUURGROEP)
    pattern = services.pattern_create(
        user=bestuurder, title="Beleid", description="Regel knelt", table=_table(40)
    )
    assert pattern.table.name == "Bestuurlijke stuurgroep"


def test_the_proposer_may_not_hand_the_pattern_to_just_anyone_afterwards(
    client, professional, make_user
):
    pattern = services.pattern_create(user=professional, title="Wachttijd", description="Te lang")
    stranger = make_user(Role.EDITOR)
    with pytest.raises(ValidationError):
        services.pattern_update(pattern=pattern, user=professional, data={"owner": stranger})
    pattern.refresh_from_db()
    assert pattern.owner is None
    client.force_login(professional)
    response = client.post(
        reverse("leernetwerk_patterns:edit", args=[pattern.pk]),
        {"title": "Wachttijd", "description": "Te lang", "owner": stranger.pk},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 200
    pattern.refresh_from_db()
    assert pattern.owner is None
