"""Following a pattern (issue #18): a follower hears of every step it takes on the learning
tables, once, never of their own step, and not after losing access."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.models import LearningTable, PatternFollow

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def pattern(manager):
    return services.pattern_create(user=manager, title="Wachttijd WW", description="Te lang")


def test_the_follow_button_posts_without_javascript(client, make_user, pattern):
    member = make_user(Role.PROFESSIONAL)
    client.force_login(member)
    url = reverse("leernetwerk_patterns:follow", args=[pattern.pk])
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert f'action="{url}"' in page
    assert '<input type="hidden" name="following" value="1">' in page
    response = client.post(url, {"following": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{pattern.get_absolute_url()}#follow"
    assert list(PatternFollow.objects.values_list("user_id", "following")) == [(member.pk, True)]
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert '<input type="hidden" name="following" value="0">' in page
    client.post(url, {"following": "0"})
    client.post(url, {"following": "nonsense"})  # refused: the choice stays
    assert list(PatternFollow.objects.values_list("user_id", "following")) == [(member.pk, False)]


def test_a_follower_hears_of_each_step_once_and_the_actor_of_none(
    client, make_user, manager, pattern
):
    follower, other = make_user(Role.PROFESSIONAL), make_user(Role.PROFESSIONAL)
    services.pattern_follow_set(pattern=pattern, user=follower, following=True)
    Notification.objects.all().delete()
    moved = services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    told = Notification.objects.get(user=follower)
    assert told.kind == "pattern.followed"
    assert told.url == f"{pattern.get_absolute_url()}#timeline"
    assert "Wachttijd WW" in told.title
    assert kinds(manager) == []  # the proposer took the step himself
    assert kinds(other) == []
    services.pattern_transition(pattern=moved, user=manager, action="escalate", reason="Budget")
    assert kinds(follower) == ["pattern.followed", "pattern.followed"]


def test_the_proposer_follows_until_they_stop(make_user, manager, pattern):
    chair = make_user(Role.MANAGER)
    services.pattern_transition(pattern=pattern, user=chair, action="take_up")
    assert kinds(manager) == ["pattern.followed"]
    services.pattern_follow_set(pattern=pattern, user=manager, following=False)
    assert services.pattern_is_followed(pattern, manager) is False
    services.pattern_transition(pattern=pattern, user=chair, action="escalate", reason="Budget")
    assert kinds(manager) == ["pattern.followed"]


def test_a_follower_who_loses_access_hears_nothing(make_user, manager, pattern):
    follower, leaver = make_user(Role.PROFESSIONAL), make_user(Role.PROFESSIONAL)
    for user in (follower, leaver):
        services.pattern_follow_set(pattern=pattern, user=user, following=True)
    follower.groups.clear()
    leaver.is_active = False
    leaver.save()
    services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    assert kinds(follower) == [] and kinds(leaver) == []


def test_who_is_told_of_the_step_anyway_gets_one_notification(
    make_user, make_case, manager, pattern
):
    """The chair of the higher table hears of an escalation; following it adds nothing."""
    chair = make_user(Role.MANAGER)
    LearningTable.objects.filter(position=30).update(chair=chair)
    services.pattern_follow_set(pattern=pattern, user=chair, following=True)
    taken = services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    Notification.objects.all().delete()
    services.pattern_transition(pattern=taken, user=manager, action="escalate", reason="Budget")
    assert kinds(chair) == ["pattern.escalate"]


def test_members_without_a_role_cannot_follow(client, make_user, pattern):
    outsider = make_user(None)
    client.force_login(outsider)
    response = client.post(
        reverse("leernetwerk_patterns:follow", args=[pattern.pk]), {"following": "1"}
    )
    assert response.status_code == 403
    assert PatternFollow.objects.count() == 0
