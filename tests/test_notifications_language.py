"""A notification reads in the language its reader reads in now, not the one it was sent in
(issue #18): a member who switches to English reads the messages she got in Dutch in English;
plain texts and anonymised subjects read as they were stored."""

from __future__ import annotations

import pytest
from django.utils import translation

from leernetwerk.casework import services
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.notifications import notification_send, notifications_forget_subject

pytestmark = pytest.mark.django_db


def test_a_message_sent_in_dutch_reads_in_english(make_user, make_case):
    author = make_user()
    case = make_case(owner=author, title="Ontruiming dreigt")
    services.recognition_add(case=case, user=make_user())
    told = Notification.objects.get(user=author)
    assert told.title == "Collega’s herkennen je casus “Ontruiming dreigt”"  # as sent (nl)
    with translation.override("en"):
        assert told.shown_title == "Colleagues recognise your case “Ontruiming dreigt”"
        assert told.shown_body == "Herken ik — see on the case who recognises it and where."
    with translation.override("nl"):
        assert told.shown_title == "Collega’s herkennen je casus “Ontruiming dreigt”"


def test_the_notifications_page_follows_the_reader_s_language(client, make_user, make_case):
    author = make_user()
    case = make_case(owner=author, title="Ontruiming dreigt")
    services.recognition_add(case=case, user=make_user())
    client.force_login(author)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/netwerk/leden/meldingen/").content.decode()
    assert "Colleagues recognise your case “Ontruiming dreigt”" in html
    assert "herkennen je casus" not in html


def test_a_plain_text_and_a_forgotten_subject_read_as_stored(make_user, make_case):
    member = make_user()
    notification_send(users=[member], kind="pattern.decide", title="Besluit nodig")
    with translation.override("en"):
        assert Notification.objects.get(user=member).shown_title == "Besluit nodig"
    author = make_user()
    case = make_case(owner=author, title="Wachtlijst beschermd wonen")
    services.recognition_add(case=case, user=make_user())
    notifications_forget_subject(url=case.url, old_title=case.title, new_title="(casus)")
    told = Notification.objects.get(user=author)
    for language in ("en", "nl"):
        with translation.override(language):
            assert "Wachtlijst" not in told.shown_title + told.shown_body
