"""Closing the loop: when a pattern gets a decision or is closed, every author of a linked case
and every recogniser is told — in the app (live) and by e-mail, each in their own language."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from leernetwerk.casework import services as case_services
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import LearningTable, Pattern
from tests.toets import TABLE_TOETS
from tests.websocket import connect


@pytest.fixture
def formed(make_user, make_case, manager):
    """A pattern at the ambtelijke stuurgroep formed by two cases; one was recognised."""
    anna = make_user(first_name="Anna", email="anna@example.test")
    bram = make_user(first_name="Bram", email="bram@example.test")
    cas = make_user(first_name="Cas", email="cas@example.test")
    MemberProfile.objects.create(user=bram, preferred_language="en")
    first, second = make_case(owner=anna), make_case(owner=bram)
    case_services.recognition_add(case=first, user=cas, note="")
    pattern = services.pattern_create(
        user=manager,
        title="Voorschot bij wachttijd WW",
        description="Schulden in de wachttijd",
        cases=[first, second],
    )
    Pattern.objects.filter(pk=pattern.pk).update(
        table=LearningTable.objects.get(position=30), status=PatternStatus.IN_PROGRESS
    )
    Notification.objects.all().delete()  # the "your case is linked" messages
    return {"pattern": Pattern.objects.get(pk=pattern.pk), "people": (anna, bram, cas)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "inputs", "dutch_title"),
    [
        (
            "decide",
            {"text": "Structureel budget voor voorschotten", "toets": TABLE_TOETS},
            "De Ambtelijke stuurgroep heeft een besluit genomen over “Voorschot bij wachttijd WW”",
        ),
        (
            "reject",
            {"reason": "Dit regelt het UWV al"},
            "De Ambtelijke stuurgroep heeft het patroon “Voorschot bij wachttijd WW” afgewezen",
        ),
    ],
)
def test_a_decision_reaches_every_author_and_recogniser(
    formed, manager, mailoutbox, django_capture_on_commit_callbacks, action, inputs, dutch_title
):
    anna, bram, cas = formed["people"]
    with django_capture_on_commit_callbacks(execute=True):
        services.pattern_transition(
            pattern=formed["pattern"], user=manager, action=action, **inputs
        )
    told = Notification.objects.filter(kind=f"pattern.{action}")
    assert set(told.values_list("user", flat=True)) == {anna.pk, bram.pk, cas.pk}
    assert told.get(user=anna).title == dutch_title
    text = inputs.get("text") or inputs["reason"]
    assert told.get(user=cas).body == text
    # Bram reads English.
    assert told.get(user=bram).title.startswith("The Ambtelijke stuurgroep")
    assert told.get(user=anna).url == formed["pattern"].get_absolute_url()
    # One e-mail each, with the link into the network.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "anna@example.test",
        "bram@example.test",
        "cas@example.test",
    ]
    mail = next(m for m in mailoutbox if m.to == ["anna@example.test"])
    assert text in mail.body and formed["pattern"].get_absolute_url() in mail.body


@pytest.mark.django_db
def test_closing_tells_them_too_but_not_the_one_who_closed_it(
    formed, make_user, django_capture_on_commit_callbacks
):
    anna, _bram, _cas = formed["people"]
    stuurgroep = make_user(Role.STUURGROEP)
    pattern = services.pattern_transition(
        toets=TABLE_TOETS,
        pattern=formed["pattern"],
        user=stuurgroep,
        action="decide",
        text="Budget",
    )
    Notification.objects.all().delete()
    # A case author who also sits at the table closes it: the others are told, not them.
    LearningTable.objects.get(position=30).members.add(anna)
    services.pattern_transition(pattern=pattern, user=anna, action="close")
    told = set(Notification.objects.filter(kind="pattern.close").values_list("user", flat=True))
    assert told == {p.pk for p in formed["people"]} - {anna.pk}


@pytest.mark.django_db
def test_escalating_or_taking_up_does_not_flood_the_authors(formed, manager):
    services.pattern_transition(
        pattern=formed["pattern"], user=manager, action="escalate", reason="Budget nodig"
    )
    assert not Notification.objects.filter(user__in=formed["people"]).exists()


@pytest.mark.django_db
def test_members_who_switched_mail_off_only_get_the_in_app_notification(
    formed, manager, mailoutbox, django_capture_on_commit_callbacks
):
    anna = formed["people"][0]
    MemberProfile.objects.create(user=anna, notification_delivery="in_app")
    with django_capture_on_commit_callbacks(execute=True):
        services.pattern_transition(
            toets=TABLE_TOETS,
            pattern=formed["pattern"],
            user=manager,
            action="decide",
            text="Budget",
        )
    assert "anna@example.test" not in [m.to[0] for m in mailoutbox]
    assert anna.notifications.filter(kind="pattern.decide").exists()


@pytest.mark.django_db(transaction=True)
async def test_the_notification_appears_live_on_the_authors_stream(make_user, make_case, network):
    @database_sync_to_async
    def setup():
        author = make_user()
        manager = make_user(Role.MANAGER)
        case = make_case(owner=author)
        pattern = services.pattern_create(
            user=manager, title="Wachttijd", description="Te lang", cases=[case]
        )
        Pattern.objects.filter(pk=pattern.pk).update(
            table=LearningTable.objects.get(position=30), status=PatternStatus.IN_PROGRESS
        )
        return author, manager, pattern

    author, manager, pattern = await setup()
    communicator = await connect("/ws/live/notifications/", author)
    ready = await communicator.receive_json_from(timeout=5)
    assert ready["type"] == "ready" and ready["stream"] == user_stream(author.pk)

    @database_sync_to_async
    def decide():
        with transaction.atomic():
            services.pattern_transition(
                toets=TABLE_TOETS,
                pattern=pattern,
                user=manager,
                action="decide",
                text="Voorschot wordt standaard",
            )

    await decide()
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["event"] == "notification.created"
    assert frame["data"]["kind"] == "pattern.decide"
    ops = {op["target"]: op for op in frame["data"]["ops"]}
    assert "Voorschot wordt standaard" in ops["#notification-list"]["html"]
    assert ops["#notification-count"]["text"] == "2"  # "linked" earlier, and this one
    await communicator.disconnect()
