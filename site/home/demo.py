"""Fictional demo content that tells the network's story in Dutch.

Every person, case and place here is made up. Nothing identifies a real resident.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from casework.models import CaseIndexPage, CasePage
from casework.roles import Role
from home.structure import ensure_site_structure
from learning.constants import SessionLevel
from learning.models import LearningSessionPage, LessonIndexPage, LessonPage, SessionIndexPage
from patterns.constants import LearningOrder, PatternStatus
from patterns.models import LearningTable, Pattern, PatternCase

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEMO_PASSWORD = "leernetwerk-demo"  # noqa: S105 - documented demo login, refused in production

#: username, first name, last name, role (None = superuser)
DEMO_USERS = [
    ("beheer", "Bea", "Beheer", None),
    ("fatima", "Fatima", "Demir", Role.PROFESSIONAL),
    ("joost", "Joost", "Verhoeven", Role.PROFESSIONAL),
    ("marieke", "Marieke", "de Wit", Role.MANAGER),
    ("sander", "Sander", "Kuipers", Role.SESSION_ADMIN),
    ("ingrid", "Ingrid", "Bakker", Role.STUURGROEP),
    ("eva", "Eva", "Jansen", Role.EDITOR),
]

#: slug, author, title, situation, knelpunt, maatwerk
DEMO_CASES = [
    (
        "huurachterstand-na-verlies-baan",
        "fatima",
        "Huurachterstand na verlies van werk",
        "Een alleenstaande ouder met twee kinderen verliest haar baan. De WW komt pas na zes weken "
        "op gang; intussen loopt een huurachterstand op en dreigt de corporatie met ontruiming.",
        "De bijzondere bijstand mag pas worden aangevraagd als de WW-beslissing er is. Het gat van "
        "zes weken valt tussen twee loketten en de schuld groeit in die tijd.",
        "De klantmanager heeft een voorschot verstrekt en met de corporatie een betalingsregeling "
        "afgesproken. Het werkte, maar alleen doordat zij de juiste mensen kende.",
    ),
    (
        "jongere-18-zonder-zorg",
        "joost",
        "Jongere van 18 valt tussen Jeugdwet en Wmo",
        "Een jongere met een licht verstandelijke beperking wordt 18. De jeugdhulp stopt op de "
        "verjaardag; de Wmo-indicatie is nog niet rond.",
        "De overgang van 18- naar 18+ kent geen warme overdracht: twee wetten, twee budgetten en "
        "twee teams die niet op elkaar aansluiten.",
        "Het wijkteam heeft de begeleiding drie maanden doorgezet op het jeugdbudget via een "
        "doorbraak van de procesregisseur.",
    ),
    (
        "schuldhulp-wachtlijst",
        "fatima",
        "Wachttijd schuldhulp bij acute problemen",
        "Een gezin met problematische schulden meldt zich bij de gemeente. Het intakegesprek "
        "is pas over acht weken.",
        "De wachttijd voor schuldhulpverlening is langer dan de wettelijke termijn bij dreigende "
        "ontruiming of afsluiting van energie.",
        "De schuldhulpverlener heeft een crisisintake gedaan en de energieleverancier gebeld.",
    ),
    (
        "mantelzorger-overbelast",
        "joost",
        "Overbelaste mantelzorger zonder respijtzorg",
        "Een oudere mantelzorger zorgt dag en nacht voor zijn partner. Respijtzorg is er alleen "
        "via een Wlz-indicatie, die de partner nog niet heeft.",
        "Respijtzorg zit vast aan de indicatie van de zorgvrager, niet aan de nood van de "
        "mantelzorger.",
        "Via een vrijwilligersorganisatie is twee dagdelen per week ondersteuning geregeld.",
    ),
    (
        "statushouder-inburgering-werk",
        "fatima",
        "Statushouder moet kiezen tussen inburgering en werk",
        "Een statushouder vindt een baan, maar de lestijden van de inburgering vallen onder "
        "werktijd.",
        "De Wet inburgering en de Participatiewet stellen tegenstrijdige eisen aan dezelfde uren.",
        "De klantmanager heeft met de taalschool avondlessen geregeld.",
    ),
]

#: table position, title, description, status, case slugs
DEMO_PATTERNS = [
    (
        10,
        "Voorschot bij wachttijd WW",
        "Inwoners die werk verliezen, bouwen schulden op in de weken tot de eerste WW-betaling.",
        PatternStatus.IN_PROGRESS,
        ["huurachterstand-na-verlies-baan"],
    ),
    (
        20,
        "Overgang 18-/18+ zonder warme overdracht",
        "Jongeren vallen bij hun achttiende verjaardag tussen Jeugdwet en Wmo.",
        PatternStatus.IN_PROGRESS,
        ["jongere-18-zonder-zorg"],
    ),
    (
        30,
        "Wachttijd schuldhulp langer dan de wet toestaat",
        "Bij acute dreiging van ontruiming of afsluiting is de intake te laat.",
        PatternStatus.ESCALATED,
        ["schuldhulp-wachtlijst", "huurachterstand-na-verlies-baan"],
    ),
    (
        40,
        "Respijtzorg gekoppeld aan indicatie zorgvrager",
        "Mantelzorgers krijgen geen respijtzorg zolang de zorgvrager geen indicatie heeft.",
        PatternStatus.SIGNALLED,
        ["mantelzorger-overbelast"],
    ),
]


def _first_weekday(year: int, month: int, weekday: int) -> datetime:
    day = datetime(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _publish(parent, page, *, owner=None):
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner).publish()
    return page


class DemoLoader:
    """Loads the demo content; running it twice changes nothing."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.users: dict[str, object] = {}

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def run(self) -> None:
        ensure_site_structure(django_apps)
        self.load_users()
        self.load_cases()
        self.load_patterns()
        self.load_sessions()
        self.load_lessons()

    def load_users(self) -> None:
        User = get_user_model()
        for username, first, last, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.leernetwerk.invalid",
                    "is_staff": role is None,
                    "is_superuser": role is None,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.say(f"  user {username} ({role or 'superuser'})")
            if role is not None:
                user.groups.add(Group.objects.get(name=role))
            self.users[username] = user

    def load_cases(self) -> None:
        index = CaseIndexPage.objects.get()
        for slug, author, title, situation, knelpunt, maatwerk in DEMO_CASES:
            if CasePage.objects.filter(slug=slug).exists():
                continue
            _publish(
                index,
                CasePage(
                    title=title,
                    slug=slug,
                    situation=situation,
                    knelpunt=knelpunt,
                    maatwerk=maatwerk,
                ),
                owner=self.users[author],
            )
            self.say(f"  case {title}")

    def load_patterns(self) -> None:
        for position, title, description, status, case_slugs in DEMO_PATTERNS:
            if Pattern.objects.filter(title=title).exists():
                continue
            pattern = Pattern.objects.create(
                title=title,
                description=description,
                table=LearningTable.objects.get(position=position),
                status=status,
                created_by=self.users["marieke"],
            )
            for slug in case_slugs:
                PatternCase.objects.create(
                    pattern=pattern,
                    case=CasePage.objects.get(slug=slug),
                    linked_by=self.users["marieke"],
                    reason="Zelfde knelpunt, aangedragen in de leersessie.",
                )
            self.say(f"  pattern {title}")

    def load_sessions(self) -> None:
        index = SessionIndexPage.objects.get()
        today = timezone.localdate()
        levels = [
            (
                SessionLevel.UITVOERING,
                1,
                "Leersessie professionals",
                "Wijkcentrum De Schakel, zaal 2",
            ),
            (SessionLevel.MANAGEMENT, 2, "Leersessie management", "Stadskantoor, kamer 4.12"),
            (SessionLevel.BESTUUR, 3, "Leersessie bestuur", "Stadhuis, kamer van de burgemeester"),
        ]
        for offset in (-2, -1, 1, 2):
            year, month = divmod(today.month - 1 + offset, 12)
            year, month = today.year + year, month + 1
            for level, weekday, label, location in levels:
                start_day = _first_weekday(year, month, weekday)
                slug = f"{level}-{year}-{month:02d}"
                if LearningSessionPage.objects.filter(slug=slug).exists():
                    continue
                starts = datetime.combine(start_day.date(), time(14, 0), tzinfo=AMSTERDAM)
                _publish(
                    index,
                    LearningSessionPage(
                        title=f"{label} {start_day:%m-%Y}",
                        slug=slug,
                        level=level,
                        starts_at=starts,
                        ends_at=starts + timedelta(hours=2),
                        location=location,
                        description="Maandelijkse leersessie: casussen, patronen en de "
                        "zes-wekencheck van eerdere afspraken.",
                    ),
                    owner=self.users["sander"],
                )

    def load_lessons(self) -> None:
        index = LessonIndexPage.objects.get()
        if LessonPage.objects.filter(slug="voorschot-bij-wachttijd-ww").exists():
            return
        _publish(
            index,
            LessonPage(
                title="Geen schuld meer door de wachttijd voor de WW",
                slug="voorschot-bij-wachttijd-ww",
                summary="Inwoners die hun werk verliezen, krijgen voortaan een voorschot zodat de "
                "huur betaald blijft tot de eerste WW-uitkering.",
                what_did_not_fit="Bijzondere bijstand kon pas worden aangevraagd na het besluit "
                "over de WW. In de weken daartussen ontstonden huurachterstanden.",
                what_changed="De werktafel sprak af dat de klantmanager direct een voorschot mag "
                "verstrekken. De corporatie wacht met incasso tot de uitkering loopt.",
                order=LearningOrder.SECOND,
            ),
            owner=self.users["eva"],
        )
        self.say("  lesson Geen schuld meer door de wachttijd voor de WW")
