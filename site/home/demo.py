"""Fictional demo content that tells the network's story in Dutch.

Every person, case, organisation and place here is made up: the municipality "Heuvelstad" does
not exist, and nothing identifies a real resident. The cases are written as a professional of the
network would write them (situation, ik wil / ik kan / ik heb nodig, knelpunt, maatwerk) and go
through the same service as the case form, so the privacy guard checks every text and each case
keeps its revisions.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from home.structure import ensure_demo_site
from leernetwerk.casework.constants import CaseStatus, MaatwerkOutcome, Window
from leernetwerk.casework.models import (
    CaseIndexPage,
    CasePage,
    KnelpuntType,
    Law,
    LifeDomain,
    Transition,
)
from leernetwerk.casework.services import (
    agreement_add,
    agreement_check,
    case_close,
    case_save,
    comment_create,
    doorbraak_decide,
    doorbraak_request,
    precedent_create,
    recognition_add,
    score_record,
)
from leernetwerk.kernel.models import (
    Invitation,
    MemberProfile,
    Organisation,
    OrganisationKind,
    Perspective,
)
from leernetwerk.kernel.roles import Role, role_group
from leernetwerk.kernel.setup import run_setup
from leernetwerk.learning.constants import SessionLevel, Weekday
from leernetwerk.learning.models import (
    LearningSessionPage,
    LessonIndexPage,
    LessonPage,
    Registration,
    SessionSeries,
)
from leernetwerk.learning.services import (
    action_record,
    attendance_mark,
    dilemma_link_pattern,
    dilemma_record,
    lesson_draft_from_pattern,
    minute_save,
    registration_create,
    series_generate,
    session_close,
    session_open,
    summary_publish,
)
from leernetwerk.patterns import policy
from leernetwerk.patterns.constants import LearningOrder
from leernetwerk.patterns.models import Pattern, PolicyDocument, PolicyVersion
from leernetwerk.patterns.register import paragraphs_html, version_adopt, version_draft
from leernetwerk.patterns.services import pattern_create, pattern_transition

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEMO_PASSWORD = "leernetwerk-demo"  # noqa: S105 - documented demo login, refused in production

#: username, first name, last name, role (None = superuser)
DEMO_USERS = [
    ("beheer", "Bea", "Beheer", None),
    ("fatima", "Fatima", "Demir", Role.PROFESSIONAL),
    ("joost", "Joost", "Verhoeven", Role.PROFESSIONAL),
    ("noor", "Noor", "van Dalen", Role.PROFESSIONAL),
    ("ruben", "Ruben", "Koster", Role.PROFESSIONAL),
    ("marieke", "Marieke", "de Wit", Role.MANAGER),
    ("sander", "Sander", "Kuipers", Role.SESSION_ADMIN),
    ("ingrid", "Ingrid", "Bakker", Role.STUURGROEP),
    ("eva", "Eva", "Jansen", Role.EDITOR),
    ("lotte", "Lotte", "Smit", Role.MANDATE_HOLDER),
    ("hanna", "Hanna", "Visser", Role.POLICY_OFFICER),
]

#: Roles some demo users hold besides their main one: the manager has doorzettingsmacht too.
DEMO_EXTRA_ROLES = {"marieke": [Role.MANDATE_HOLDER]}

#: The partner organisations of the fictional municipality: name, kind, region.
DEMO_ORGANISATIONS = [
    ("Gemeente Heuvelstad", "Gemeente", "Heuvelstad"),
    ("Wijkteam Heuvelstad-Noord", "Wijkteam", "Heuvelstad"),
    ("Wijkteam Heuvelstad-Zuid", "Wijkteam", "Heuvelstad"),
    ("Sociale Dienst Heuvelstad", "Werk en inkomen", "Heuvelstad"),
    ("UWV regio Heuvelstad", "UWV", "regio Heuvelstad"),
    ("Zorggroep Lindelaan", "Zorgaanbieder", "Heuvelstad"),
    ("GGZ Heuvelstreek", "GGZ", "regio Heuvelstad"),
    ("Woonstichting De Kern", "Woningcorporatie", "Heuvelstad"),
    ("Schuldhulp Heuvelstad", "Schuldhulp", "Heuvelstad"),
    ("ROC Heuvelstad", "Onderwijs", "regio Heuvelstad"),
    ("Stichting Primair Onderwijs Heuvelstad", "Onderwijs", "Heuvelstad"),
    ("Politie basisteam Heuvelstad", "Politie", "Heuvelstad"),
    ("Stichting Ervaringsdeskundigen Samen", "Ervaringsdeskundigen", "regio Heuvelstad"),
]

#: username -> (organisation, function, perspective) for every demo account.
DEMO_PROFILES = {
    "beheer": ("Gemeente Heuvelstad", "Functioneel beheerder", "Beleid"),
    "fatima": ("Wijkteam Heuvelstad-Noord", "Generalist wijkteam", "Wijkteam"),
    "joost": ("Sociale Dienst Heuvelstad", "Klantmanager", "Werk en inkomen / klantmanager"),
    "noor": ("Schuldhulp Heuvelstad", "Schuldhulpverlener", "Schuldhulp"),
    "ruben": ("Zorggroep Lindelaan", "Wijkverpleegkundige", "Zorg"),
    "marieke": ("Gemeente Heuvelstad", "Teamleider sociaal domein", "Management"),
    "sander": ("Gemeente Heuvelstad", "Programmasecretaris lerend netwerk", "Beleid"),
    "ingrid": ("Gemeente Heuvelstad", "Directeur sociaal domein", "Management"),
    "eva": ("Gemeente Heuvelstad", "Communicatieadviseur", "Beleid"),
    "lotte": ("Gemeente Heuvelstad", "Procesregisseur sociaal domein", "Management"),
    "hanna": ("Gemeente Heuvelstad", "Beleidsmedewerker schuldhulp en inkomen", "Beleid"),
}

#: One invitation that is still open, to show the invitations list.
DEMO_INVITATION = ("nieuw.lid@demo.leernetwerk.invalid", "ROC Heuvelstad", Role.PROFESSIONAL)

DEFAULT_CONSENT_PURPOSE = (
    "Geanonimiseerd bespreken in het lerend netwerk van gemeente Heuvelstad, om van het knelpunt "
    "te leren en het voor andere inwoners op te lossen."
)

#: The cases, in the order they are posted. The first five were the original demo cases: their
#: titles stay the same (DEMO_PATTERNS and existing databases find them by title). Each case may
#: carry its discussion: ``comments`` as (author, body, [(author, reply), ...]) and
#: ``recognitions`` ("herken ik") as (user, note). A case with ``publish`` False stays a draft.
DEMO_CASES = [
    {
        "author": "fatima",
        "title": "Huurachterstand na verlies van werk",
        "situation": (
            "Een alleenstaande ouder met twee schoolgaande kinderen verliest na een reorganisatie "
            "haar baan. De WW-uitkering wordt pas na ruim zes weken voor het eerst betaald. In die "
            "weken kan zij de huur niet betalen. Na twee maanden achterstand stuurt de "
            "woningcorporatie een aanmaning met de aankondiging van een ontruimingsprocedure. Uit "
            "schaamte meldt zij zich pas bij het wijkteam als de deurwaarder al is ingeschakeld."
        ),
        "ik_wil": (
            "Ik wil in mijn huis blijven wonen en zo snel mogelijk weer aan het werk. Mijn "
            "kinderen mogen hier zo min mogelijk van merken."
        ),
        "ik_kan": (
            "Ik kan zelf solliciteren en ik heb een netwerk van oud-collega's. Ik kan een "
            "betalingsregeling nakomen zodra er weer geld binnenkomt."
        ),
        "ik_heb_nodig": (
            "Ik heb een overbrugging nodig voor de weken tot mijn eerste uitkering, en één "
            "contactpersoon die met de corporatie en het UWV praat."
        ),
        "knelpunt": (
            "Bijzondere bijstand kan pas worden aangevraagd als het besluit over de WW er is. Het "
            "gat van zes weken valt tussen twee loketten: het UWV betaalt nog niet en de gemeente "
            "ook niet. In die tijd loopt de huurachterstand op en komen er incassokosten bij."
        ),
        "knelpunt_type": "Wet- en regelgeving",
        "window": Window.POLICY,
        "maatwerk": (
            "De klantmanager van de Sociale Dienst heeft, na overleg met haar teamleider, een "
            "renteloos voorschot verstrekt op de te verwachten WW. Met Woonstichting De Kern is "
            "een betalingsregeling afgesproken en de ontruimingsprocedure is stilgezet. Het "
            "werkte, maar alleen doordat zij de juiste mensen kende: er is geen vaste afspraak "
            "voor."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Financiën", "Wonen", "Werk en activiteiten"],
        "laws": ["WW", "Participatiewet", "Wet gemeentelijke schuldhulpverlening"],
        "organisations": [
            "UWV regio Heuvelstad",
            "Sociale Dienst Heuvelstad",
            "Woonstichting De Kern",
            "Wijkteam Heuvelstad-Noord",
        ],
        "tags": ["wachttijd", "huurachterstand", "voorschot", "overgangsmoment"],
        "comments": [
            (
                "joost",
                "Herkenbaar. In Zuid zien we hetzelfde bij mensen die na langdurige ziekte uit "
                "dienst gaan: de eerste weken zijn het gevaarlijkst. Wie mocht het voorschot "
                "uiteindelijk goedkeuren?",
                [
                    (
                        "fatima",
                        "De teamleider van de klantmanager. Er is geen regeling, dus het hing af "
                        "van haar bereidheid om het risico te nemen.",
                    ),
                    (
                        "marieke",
                        "Dit nemen we mee naar de werktafel. Een voorschot zou een "
                        "<b>standaardmogelijkheid</b> moeten zijn, geen gunst.",
                    ),
                ],
            ),
            (
                "noor",
                "Kan het UWV niet eerder een signaal geven aan de gemeente als er een aanvraag "
                "binnenkomt? Dan regelen we de overbrugging meteen, voordat er een achterstand is.",
                [],
            ),
            (
                "ingrid",
                "Goed voorbeeld voor de bestuurlijke stuurgroep: een ontruiming kost de gemeente "
                "en de corporatie vele malen meer dan een voorschot.",
                [],
            ),
        ],
        "recognitions": [
            ("joost", "Twee keer dit jaar in Heuvelstad-Zuid."),
            ("noor", "Zelfde gat bij de overgang van Ziektewet naar WW."),
            ("ruben", "Ook bij mensen die na detentie een uitkering aanvragen."),
            ("marieke", ""),
            ("sander", "Kwam terug in de leersessie van vorige maand."),
            ("ingrid", ""),
        ],
    },
    {
        "author": "joost",
        "title": "Jongere van 18 valt tussen Jeugdwet en Wmo",
        "situation": (
            "Een jongere met een licht verstandelijke beperking woont in een gezinshuis en krijgt "
            "ambulante begeleiding via de Jeugdwet. Op de dag van de achttiende verjaardag stopt "
            "de jeugdhulp. De aanvraag voor begeleiding via de Wmo is een maand eerder ingediend, "
            "maar het onderzoek is nog niet afgerond. Tegelijk vervalt de kinderbijslag, moet er "
            "een eigen zorgverzekering worden afgesloten en moet de jongere uit het gezinshuis."
        ),
        "ik_wil": (
            "Ik wil op mezelf gaan wonen, net als mijn vrienden, en mijn opleiding tot kok afmaken."
        ),
        "ik_kan": (
            "Ik kan koken, boodschappen doen en op tijd op school komen. Met geld en brieven heb "
            "ik hulp nodig."
        ),
        "ik_heb_nodig": (
            "Ik heb nodig dat mijn begeleider blijft tot alles rond is, en dat iemand mij helpt "
            "met de post, de zorgverzekering en een woning."
        ),
        "knelpunt": (
            "De overgang van 18- naar 18+ kent geen warme overdracht: twee wetten, twee budgetten "
            "en twee teams die niet op elkaar aansluiten. De jeugdhulpaanbieder mag na de "
            "verjaardag niet meer declareren, de Wmo-consulent indiceert pas na een eigen "
            "onderzoek. De jongere dreigt de begeleider kwijt te raken die juist nu het verschil "
            "maakt."
        ),
        "knelpunt_type": "Financiering / budgetschotten",
        "window": Window.ORGANISATION,
        "maatwerk": (
            "Het wijkteam heeft de begeleiding drie maanden doorgezet op het jeugdbudget, via een "
            "doorbraak van de procesregisseur (gemotiveerd afwijken, vastgelegd in het plan). "
            "Daarna nam de Wmo het over, met dezelfde begeleider. Het budget is geregeld; de "
            "woonvraag is nog open, want de jongere staat pas kort ingeschreven als woningzoekende."
        ),
        "maatwerk_outcome": MaatwerkOutcome.PARTLY,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Wonen", "Financiën", "Werk en activiteiten"],
        "laws": ["Jeugdwet", "Wmo 2015", "Zorgverzekeringswet"],
        "organisations": [
            "Wijkteam Heuvelstad-Noord",
            "Zorggroep Lindelaan",
            "Gemeente Heuvelstad",
            "Woonstichting De Kern",
        ],
        "tags": ["overgangsmoment", "jongvolwassenen", "doorbraak", "warme overdracht"],
        "comments": [
            (
                "fatima",
                "Wij lopen hier ook tegenaan. De Wmo-consulent mocht pas met het onderzoek "
                "beginnen toen de jongere al achttien was. Kan dat niet een half jaar eerder?",
                [
                    (
                        "joost",
                        "Volgens de Wmo mag het onderzoek eerder starten, maar onze werkinstructie "
                        "zegt van niet. Het zit dus in onze eigen regels, niet in de wet.",
                    ),
                    (
                        "marieke",
                        "Goed punt. Ik vraag beleid om de werkinstructie na te lopen. "
                        "<i>Omgekeerd toetsen</i>: wat is hier de bedoeling van de wet?",
                    ),
                ],
            ),
            (
                "noor",
                "De doorbraak werkte, maar de procesregisseur was er twee weken mee bezig. Dat "
                "moet sneller kunnen als de oplossing zo voor de hand ligt.",
                [
                    (
                        "sander",
                        "Ik zet de overgang 18-/18+ op de agenda van de volgende leersessie "
                        "professionals.",
                    ),
                ],
            ),
            (
                "ruben",
                "Let ook op de zorgverzekering: vanaf de verjaardag moet er een eigen polis zijn "
                "en dat wordt vaak vergeten. Wij zien daar later de eerste schulden door ontstaan.",
                [
                    (
                        "joost",
                        "Klopt, dat hebben we hier met de begeleider meteen geregeld. Het hoort in "
                        "een vaste checklist voor elke jongere die achttien wordt.",
                    ),
                ],
            ),
            (
                "ingrid",
                "Dit patroon kennen we al langer. Wat is er nodig om het structureel op te lossen: "
                "een afspraak tussen de teams of een besluit over één budget?",
                [
                    (
                        "marieke",
                        "Allebei. De werktafel kan de overdracht regelen; het budget hoort bij de "
                        "stuurgroep.",
                    ),
                ],
            ),
        ],
        "recognitions": [
            ("fatima", "Zelfde situatie bij een jongere uit de pleegzorg."),
            ("noor", ""),
            ("ruben", "Zie ik terug bij jongeren die uit de jeugdzorg komen en dakloos raken."),
            ("marieke", ""),
        ],
    },
    {
        "author": "fatima",
        "title": "Wachttijd schuldhulp bij acute problemen",
        "situation": (
            "Een gezin met drie kinderen heeft problematische schulden, onder meer bij de "
            "energieleverancier, de zorgverzekeraar en de Belastingdienst. De energieleverancier "
            "heeft afsluiting aangekondigd. Het gezin meldt zich bij de gemeente voor "
            "schuldhulpverlening; het eerste gesprek kan pas over acht weken."
        ),
        "ik_wil": (
            "Wij willen dat de verwarming aan blijft en dat er weer rust komt. We willen weten "
            "waar we aan toe zijn."
        ),
        "ik_kan": (
            "Wij kunnen alle brieven verzamelen en we houden een kasboek bij. Een van ons heeft "
            "een vaste baan."
        ),
        "ik_heb_nodig": (
            "Wij hebben nu hulp nodig, niet over twee maanden. En iemand die met de schuldeisers "
            "belt, want wij durven de telefoon niet meer op te nemen."
        ),
        "knelpunt": (
            "De wachttijd voor een eerste gesprek is langer dan de Wet gemeentelijke "
            "schuldhulpverlening toestaat bij dreigende ontruiming of afsluiting van energie: dan "
            "moet er binnen drie werkdagen iets gebeuren. Het team schuldhulp heeft te weinig "
            "mensen en de crisisroute is bij de toegang niet bekend."
        ),
        "knelpunt_type": "Organisatie / capaciteit",
        "window": Window.ORGANISATION,
        "maatwerk": (
            "De schuldhulpverlener heeft op verzoek van het wijkteam dezelfde week een "
            "crisisintake gedaan, de energieleverancier gebeld en een afsluitingsstop geregeld. "
            "Daarna volgde het gewone traject. Het team schuldhulp kijkt nu elke dag naar nieuwe "
            "acute meldingen."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.CLOSED,
        "life_domains": ["Financiën", "Wonen", "Psychische gezondheid"],
        "laws": ["Wet gemeentelijke schuldhulpverlening", "Participatiewet"],
        "organisations": ["Schuldhulp Heuvelstad", "Wijkteam Heuvelstad-Zuid"],
        "tags": ["schuldhulp", "wachttijd", "crisisinterventie"],
        "comments": [
            (
                "ruben",
                "Ik wist niet dat er een crisisroute bestond. Hoe meld ik een acute situatie?",
                [
                    (
                        "fatima",
                        "Bel het team schuldhulp en zeg dat het om een dreigende afsluiting of "
                        "ontruiming gaat; zij kijken nu dagelijks. Het zou goed zijn als dit in de "
                        "sociale kaart komt.",
                    ),
                ],
            ),
            (
                "marieke",
                "Mooi dat dit is opgelost. Blijft de dagelijkse check ook overeind als het team "
                "onderbezet is? Dat wil ik bij de zes-wekencheck terugzien.",
                [],
            ),
        ],
        "recognitions": [
            ("joost", "Drie gezinnen in mijn caseload wachtten langer dan een maand."),
            ("noor", ""),
            ("ruben", ""),
            ("marieke", ""),
            ("ingrid", "Komt terug in de signalen van de corporaties."),
        ],
    },
    {
        "author": "joost",
        "title": "Overbelaste mantelzorger zonder respijtzorg",
        "situation": (
            "Een oudere mantelzorger zorgt dag en nacht voor zijn partner met beginnende "
            "dementie. Hij slaapt slecht, heeft zelf hartklachten en zegt dat hij het nog hooguit "
            "een paar weken volhoudt. Respijtzorg, zoals logeeropvang, is er alleen via een "
            "Wlz-indicatie, die de partner nog niet heeft. De dagbesteding via de Wmo heeft een "
            "wachtlijst."
        ),
        "ik_wil": "Ik wil voor mijn vrouw blijven zorgen, thuis, zo lang het kan.",
        "ik_kan": (
            "Ik kan het huishouden en de verzorging overdag aan. De buren doen de boodschappen."
        ),
        "ik_heb_nodig": (
            "Ik heb af en toe een nacht doorslapen nodig, en een dagdeel per week voor mezelf en "
            "voor mijn eigen afspraken bij de huisarts."
        ),
        "knelpunt": (
            "Respijtzorg zit vast aan de indicatie van de zorgvrager, niet aan de nood van de "
            "mantelzorger. Zolang de partner geen Wlz-indicatie heeft en de dagbesteding vol zit, "
            "heeft de mantelzorger zelf geen recht op ondersteuning, terwijl hij waarschijnlijk "
            "als eerste uitvalt."
        ),
        "knelpunt_type": "Toegang / doelgroep",
        "window": Window.POLICY,
        "maatwerk": (
            "Via een vrijwilligersorganisatie is twee dagdelen per week ondersteuning geregeld, en "
            "de casemanager dementie van Zorggroep Lindelaan versnelt de Wlz-aanvraag. "
            "Logeeropvang voor een nacht is er nog steeds niet."
        ),
        "maatwerk_outcome": MaatwerkOutcome.PARTLY,
        "status": CaseStatus.OPEN,
        "life_domains": ["Lichamelijke gezondheid", "Sociale relaties", "Psychische gezondheid"],
        "laws": ["Wmo 2015", "Wet langdurige zorg", "Zorgverzekeringswet"],
        "organisations": [
            "Zorggroep Lindelaan",
            "Wijkteam Heuvelstad-Zuid",
            "Gemeente Heuvelstad",
        ],
        "tags": ["mantelzorg", "respijtzorg", "dementie"],
        "comments": [
            (
                "noor",
                "Mantelzorgers vallen buiten beeld omdat zij zelf geen cliënt zijn. Kan de "
                "mantelzorgconsulent niet zelf respijtzorg toekennen?",
                [
                    (
                        "joost",
                        "Nu niet. Dat zou wel de oplossing zijn: een eigen recht voor de "
                        "mantelzorger, los van de indicatie van de zorgvrager.",
                    ),
                ],
            ),
            (
                "eva",
                "Mooi onderwerp voor een geleerde les als dit structureel lukt. Ik houd het in de "
                "gaten.",
                [],
            ),
        ],
        "recognitions": [
            ("fatima", ""),
            ("noor", "Ook bij ouders van een volwassen kind met een beperking."),
            ("marieke", ""),
        ],
    },
    {
        "author": "fatima",
        "title": "Statushouder moet kiezen tussen inburgering en werk",
        "situation": (
            "Een statushouder die twee jaar in de gemeente woont, vindt een baan als "
            "productiemedewerker. De lessen van de inburgering vallen onder werktijd. De "
            "klantmanager ziet werk als de beste stap; de inburgeringsconsulent wijst op de "
            "termijn van de inburgeringsplicht en de boete bij te weinig voortgang."
        ),
        "ik_wil": (
            "Ik wil werken en mijn eigen geld verdienen. Ik wil ook goed Nederlands leren, want "
            "dat heb ik nodig op mijn werk."
        ),
        "ik_kan": (
            "Ik kan 's avonds en op zaterdag lessen volgen. Op mijn werk spreek ik elke dag "
            "Nederlands met collega's."
        ),
        "ik_heb_nodig": (
            "Ik heb lessen nodig die passen bij mijn werktijden, en de zekerheid dat ik geen boete "
            "krijg omdat ik werk."
        ),
        "knelpunt": (
            "De Wet inburgering en de Participatiewet stellen tegenstrijdige eisen aan dezelfde "
            "uren: de ene wet vraagt aanwezigheid in de les, de andere dat werk voorgaat. De "
            "regels kennen geen voorrang voor werk dat zelf bijdraagt aan de inburgering."
        ),
        "knelpunt_type": "Wet- en regelgeving",
        "window": Window.POLICY,
        "maatwerk": (
            "De klantmanager heeft met de taalschool van het ROC avondlessen en een "
            "zaterdagprogramma geregeld en het persoonlijk plan inburgering aangepast, zodat het "
            "werk meetelt in de leerroute. De werkgever geeft één middag per week vrij voor de les."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.CLOSED,
        "life_domains": ["Werk en activiteiten", "Zingeving", "Sociale relaties"],
        "laws": ["Wet inburgering", "Participatiewet"],
        "organisations": ["Sociale Dienst Heuvelstad", "ROC Heuvelstad"],
        "tags": ["inburgering", "werk", "statushouders"],
        "comments": [
            (
                "ruben",
                "Goede oplossing. Bij ons zei de taalschool dat avondlessen niet konden vanwege de "
                "financiering per lesuur. Welke school was dit?",
                [
                    (
                        "fatima",
                        "Het ROC. Zij hebben het binnen hun eigen contract opgelost; vraag naar "
                        "het zaterdagprogramma.",
                    ),
                ],
            ),
        ],
        "recognitions": [
            ("ruben", ""),
            ("noor", "Ook bij inburgeraars die een opleiding willen volgen."),
        ],
    },
    {
        "author": "noor",
        "title": "Privacyregels houden wijkteam en school uit elkaar",
        "situation": (
            "Een leerling van de basisschool komt steeds vaker zonder ontbijt en te laat op "
            "school. De intern begeleider maakt zich zorgen en wil het wijkteam inschakelen. Het "
            "wijkteam ondersteunt hetzelfde gezin al bij de opvoeding, maar mag dat zonder "
            "toestemming van de ouders niet aan school vertellen. School en wijkteam maken zo "
            "ieder een eigen plan, en de ouders voeren twee keer hetzelfde gesprek."
        ),
        "ik_wil": (
            "Ik wil dat mijn kind het goed doet op school en dat de hulpverleners van elkaar weten "
            "wat ze doen. Ik wil niet steeds opnieuw uitleggen wat er thuis speelt."
        ),
        "ik_kan": (
            "Ik kan toestemming geven als ik weet wat er met de informatie gebeurt. Ik kan elke "
            "week even bij de leerkracht langs."
        ),
        "ik_heb_nodig": "Ik heb één gesprek nodig met school en wijkteam samen, en één plan.",
        "knelpunt": (
            "Wijkteam en school leggen de AVG elk op hun eigen manier uit en durven daardoor niets "
            "te delen, zelfs niet dát zij allebei betrokken zijn. Er is geen gezamenlijk "
            "toestemmingsformulier en geen afspraak over wat zonder toestemming wel mag. Het gezin "
            "betaalt de prijs van die voorzichtigheid."
        ),
        "knelpunt_type": "Privacy / AVG",
        "window": Window.PROFESSIONAL,
        "maatwerk": (
            "De wijkteammedewerker heeft de ouders gevraagd of school mocht aansluiten bij het "
            "volgende huisbezoek. Met hun schriftelijke toestemming is één gezamenlijk plan "
            "gemaakt. Voor dit gezin werkt het; een vaste werkafspraak tussen wijkteams en scholen "
            "ontbreekt nog."
        ),
        "maatwerk_outcome": MaatwerkOutcome.PARTLY,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Sociale relaties", "Lichamelijke gezondheid"],
        "laws": ["AVG", "Jeugdwet", "Wet passend onderwijs"],
        "organisations": ["Wijkteam Heuvelstad-Noord", "Stichting Primair Onderwijs Heuvelstad"],
        "tags": ["privacy", "gegevensdeling", "één gezin één plan", "onderwijs en jeugdhulp"],
        "comments": [
            (
                "joost",
                "Herkenbaar. Wij zeggen niet eens dát we betrokken zijn. Volgens mij mag dat wel, "
                "als het doel duidelijk is. Weet iemand dit zeker?",
                [
                    (
                        "marieke",
                        "Ik vraag het na bij de functionaris gegevensbescherming. Een gezamenlijk "
                        "toestemmingsformulier voor school en wijkteam lijkt me de snelste stap.",
                    ),
                    (
                        "noor",
                        "Het samenwerkingsverband passend onderwijs heeft al een model. Ik kijk of "
                        "we dat kunnen gebruiken.",
                    ),
                ],
            ),
            (
                "fatima",
                "Het gezamenlijke huisbezoek is de kern: de ouders houden zelf de regie over wat "
                "er gedeeld wordt.",
                [],
            ),
            (
                "ingrid",
                "Privacy is hier een reden geworden om <i>niet</i> samen te werken. Dat is niet de "
                "bedoeling van de AVG.",
                [],
            ),
        ],
        "recognitions": [
            ("joost", ""),
            ("fatima", "Zelfde drempel tussen wijkteam en huisarts."),
            ("ruben", ""),
            ("sander", ""),
        ],
    },
    {
        "author": "joost",
        "title": "Zeven hulpverleners in één gezin en niemand houdt de regie",
        "situation": (
            "In een gezin met vier kinderen zijn zeven hulpverleners betrokken: jeugdhulp voor "
            "twee kinderen, ambulante GGZ-behandeling voor een ouder, schuldhulp, huishoudelijke "
            "ondersteuning uit de Wmo, een jobcoach en de wijkverpleging. Elke organisatie heeft "
            "een eigen plan, eigen doelen en afspraken op verschillende dagen. De ouders zeggen "
            "dat ze meer met hulpverleners bezig zijn dan met hun kinderen."
        ),
        "ik_wil": "Ik wil weer gewoon een gezin zijn, met minder mensen over de vloer.",
        "ik_kan": (
            "Ik kan het huishouden grotendeels zelf aan als ik niet elke dag afspraken heb. "
            "Familie helpt met de kinderen."
        ),
        "ik_heb_nodig": (
            "Ik heb één vast aanspreekpunt nodig en één plan waar iedereen zich aan houdt."
        ),
        "knelpunt": (
            "Iedere hulpverlener werkt vanuit de eigen opdracht en de eigen wet, en voelt zich "
            "niet bevoegd om voor het geheel te kiezen. Afschalen voelt als een risico, niet als "
            "winst: liever een hulpverlener te veel dan verantwoordelijk zijn als het misgaat. Eén "
            "gezin, één plan, één regisseur is op papier afgesproken, maar niet in de praktijk."
        ),
        "knelpunt_type": "Professionele cultuur / visie",
        "window": Window.PROFESSIONAL,
        "maatwerk": (
            "Het wijkteam heeft een MDO bij het gezin thuis georganiseerd met alle betrokkenen. "
            "Samen met de ouders is gekozen welke hulp voorrang heeft; drie trajecten zijn "
            "afgeschaald en één wijkteammedewerker is regisseur geworden. Bij de zes-wekencheck "
            "bleken alle afspraken nagekomen."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.CLOSED,
        "life_domains": ["Sociale relaties", "Psychische gezondheid", "Financiën"],
        "laws": [
            "Jeugdwet",
            "Wmo 2015",
            "Zorgverzekeringswet",
            "Wet gemeentelijke schuldhulpverlening",
        ],
        "organisations": [
            "Wijkteam Heuvelstad-Zuid",
            "GGZ Heuvelstreek",
            "Zorggroep Lindelaan",
            "Schuldhulp Heuvelstad",
        ],
        "tags": ["stapeling van hulp", "afschalen", "regie", "MDO"],
        "comments": [
            (
                "noor",
                "Hoe hebben jullie bepaald welke hulp mocht stoppen? Daar lopen wij steeds op "
                "vast.",
                [
                    (
                        "joost",
                        "De ouders kozen zelf: wat helpt jullie nu het meest? Daarna durfden de "
                        "hulpverleners ook. Het MDO bij het gezin thuis maakte het verschil.",
                    ),
                ],
            ),
            (
                "marieke",
                "Sterk voorbeeld van afschalen. Ik wil dit delen in de leersessie management: wat "
                "vraagt dit van leidinggevenden als het een keer misgaat?",
                [],
            ),
        ],
        "recognitions": [
            ("fatima", ""),
            ("noor", "Bijna elk gezin in de multiprobleemaanpak."),
            ("ruben", ""),
            ("marieke", ""),
        ],
    },
    {
        "author": "ruben",
        "title": "Jongere haakt af op het mbo en raakt uit beeld",
        "situation": (
            "Een zeventienjarige student verzuimt al maanden op het mbo. De leerplichtambtenaar "
            "heeft een verzuimmelding ontvangen en roept op voor een gesprek; de jongere komt "
            "niet. Thuis blijkt de jongere vooral op de eigen kamer te zitten, somber en met een "
            "verstoord dag-nachtritme. De school wil pas weer een plek bieden als er behandeling "
            "is, de GGZ heeft een wachttijd van vier maanden en leerplicht overweegt een "
            "proces-verbaal."
        ),
        "ik_wil": (
            "Ik wil wel iets doen, maar niet terug naar die klas. Ik wil iets met mijn handen, "
            "misschien in de techniek."
        ),
        "ik_kan": "Ik kan goed met computers en ik sleutel graag aan brommers.",
        "ik_heb_nodig": (
            "Ik heb iemand nodig die niet meteen met straf dreigt, en een plek waar ik rustig kan "
            "beginnen."
        ),
        "knelpunt": (
            "De Leerplichtwet kijkt naar verzuim, de school naar de opleiding, de GGZ naar de "
            "diagnose. Niemand is verantwoordelijk voor een tussenvoorziening: begeleiding bij een "
            "zachte herstart valt buiten het onderwijsbudget en buiten de jeugdhulp zolang er geen "
            "indicatie is. Onderwijs en gemeente verwijzen voor de kosten naar elkaar."
        ),
        "knelpunt_type": "Financiering / budgetschotten",
        "window": Window.ORGANISATION,
        "maatwerk": (
            "Leerplicht heeft het proces-verbaal aangehouden. Met het ROC en het wijkteam wordt "
            "gezocht naar een leerwerkplek in een praktijkwerkplaats, met begeleiding vanuit de "
            "jeugdhulp zonder indicatie vooraf. Of het lukt, is nog niet bekend."
        ),
        "maatwerk_outcome": MaatwerkOutcome.UNKNOWN,
        "status": CaseStatus.OPEN,
        "life_domains": ["Werk en activiteiten", "Psychische gezondheid", "Zingeving"],
        "laws": ["Leerplichtwet", "Wet passend onderwijs", "Jeugdwet"],
        "organisations": [
            "ROC Heuvelstad",
            "Gemeente Heuvelstad",
            "GGZ Heuvelstreek",
            "Wijkteam Heuvelstad-Noord",
        ],
        "tags": ["thuiszitters", "voortijdig schoolverlaten", "overgangsmoment", "leerplicht"],
        "comments": [
            (
                "noor",
                "Misschien kan het jongerenwerk helpen; zij bereiken jongeren die niet meer naar "
                "afspraken komen.",
                [],
            ),
            (
                "joost",
                "Wij hebben goede ervaringen met een leerwerkplek bij de gemeentelijke "
                "groenvoorziening. Zal ik het contact leggen?",
                [
                    (
                        "ruben",
                        "Graag! Dan nemen we het mee naar het volgende overleg met het ROC.",
                    ),
                ],
            ),
        ],
        "recognitions": [
            ("joost", ""),
            ("fatima", "Ook bij jongeren op het voortgezet onderwijs."),
        ],
    },
    {
        "author": "ruben",
        "title": "Geen woning en geen inkomen na ontslag uit detentie",
        "situation": (
            "Een man van middelbare leeftijd komt na acht maanden detentie vrij. Hij had een "
            "huurwoning, maar die is tijdens de detentie opgezegd vanwege een huurachterstand. Op "
            "de dag van ontslag heeft hij geen geldig identiteitsbewijs, geen woning en geen "
            "inkomen. De maatschappelijke opvang zit vol. Een bijstandsaanvraag vraagt een geldig "
            "identiteitsbewijs en een adres."
        ),
        "ik_wil": ("Ik wil een eigen plek en werk. Ik wil niet terug in mijn oude kringetje."),
        "ik_kan": (
            "Ik kan werken: binnen heb ik een heftruckcertificaat gehaald. Ik kan me aan afspraken "
            "houden."
        ),
        "ik_heb_nodig": (
            "Ik heb vanaf de eerste dag een dak boven mijn hoofd nodig, en hulp bij de papieren."
        ),
        "knelpunt": (
            "De afspraken tussen justitie en gemeente over de terugkeer na detentie bestaan op "
            "papier (identiteitsbewijs, onderdak, inkomen, schulden, zorg), maar ze zijn nergens "
            "belegd: de casemanager nazorg hoort pas kort van tevoren wanneer iemand vrijkomt, en "
            "de corporatie kent geen voorrangsregeling voor deze groep. Zo valt iemand op dag één "
            "tussen wal en schip, en is het risico op terugval groot."
        ),
        "knelpunt_type": "Institutionele inbedding",
        "window": Window.ORGANISATION,
        "maatwerk": (
            "De casemanager nazorg heeft een tijdelijke plek in de nachtopvang geregeld en een "
            "bijstandsaanvraag met een briefadres ingediend. Een woning via de corporatie lukte "
            "niet: er was geen urgentie mogelijk. Na zes weken was hij uit beeld."
        ),
        "maatwerk_outcome": MaatwerkOutcome.DID_NOT_WORK,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Wonen", "Financiën", "Werk en activiteiten", "Zingeving"],
        "laws": ["Participatiewet", "Wmo 2015"],
        "organisations": [
            "Gemeente Heuvelstad",
            "Sociale Dienst Heuvelstad",
            "Woonstichting De Kern",
            "Politie basisteam Heuvelstad",
        ],
        "tags": ["detentie", "nazorg", "dakloosheid", "overgangsmoment"],
        "comments": [
            (
                "fatima",
                "Pijnlijk. Was de woning te behouden geweest als de huur tijdens de detentie was "
                "doorbetaald? Wist de corporatie ervan?",
                [
                    (
                        "ruben",
                        "Nee. Niemand had de corporatie ingelicht, en de bijstand stopte op de "
                        "eerste dag van de detentie.",
                    ),
                ],
            ),
            (
                "marieke",
                "Dit past bij het patroon van de wachttijden: elk overgangsmoment vraagt een vaste "
                "route. Ik stel voor dat we dit op de werktafel zetten.",
                [],
            ),
            (
                "ingrid",
                "Voor de stuurgroep: wie is eigenaar van de nazorg na detentie? Als het antwoord "
                "'iedereen' is, dan is het niemand.",
                [],
            ),
        ],
        "recognitions": [
            ("fatima", ""),
            ("marieke", ""),
            ("noor", "Zelfde bij ontslag uit een klinische opname."),
        ],
    },
    {
        "author": "noor",
        "title": "Uitkering omlaag bij de eerste baan met Wajong",
        "situation": (
            "Een jongvolwassene met een Wajong-uitkering begint aan een eerste baan van twintig "
            "uur per week in de groenvoorziening. Na de eerste maanden daalt het totale inkomen: "
            "het loon wordt met terugwerkende kracht verrekend met de uitkering en er komt een "
            "terugvordering van het UWV. Ook de zorgtoeslag verandert. De jongere wil stoppen, "
            "want werken kost alleen maar geld."
        ),
        "ik_wil": "Ik wil gewoon werken. Ik vind het werk in het groen echt leuk.",
        "ik_kan": (
            "Ik kan twintig uur per week werken als ik vaste taken heb en een vaste collega."
        ),
        "ik_heb_nodig": (
            "Ik heb iemand nodig die van tevoren uitrekent wat ik overhoud, en die mij helpt als "
            "er een brief van het UWV komt."
        ),
        "knelpunt": (
            "De regels voor werken naast de Wajong zijn ingewikkeld en niemand in het netwerk "
            "kende ze goed: de jobcoach niet, de klantmanager niet en de begeleider niet. Niemand "
            "kon vooraf uitleggen wat de jongere netto zou overhouden. Zo leidt een goede stap "
            "(werk) tot schuld en wantrouwen, en haken jongeren af."
        ),
        "knelpunt_type": "Kennis / interventies",
        "window": Window.PROFESSIONAL,
        "maatwerk": (
            "De jobcoach heeft samen met een arbeidsdeskundige van het UWV een berekening gemaakt "
            "en de terugvordering omgezet in een kleine betalingsregeling. De jongere werkt nog "
            "steeds. Het wijkteam laat nu bij elke start van werk vooraf uitrekenen wat iemand "
            "overhoudt."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.CLOSED,
        "life_domains": ["Werk en activiteiten", "Financiën", "Zingeving"],
        "laws": ["Wajong", "Participatiewet"],
        "organisations": [
            "UWV regio Heuvelstad",
            "Wijkteam Heuvelstad-Zuid",
            "Sociale Dienst Heuvelstad",
        ],
        "tags": ["wajong", "armoedeval", "terugvordering", "werk"],
        "comments": [
            (
                "joost",
                "Precies dit hoorden wij bij een andere jongere met Wajong. De angst voor een "
                "terugvordering is groter dan de terugvordering zelf.",
                [
                    (
                        "noor",
                        "Daarom die berekening vooraf. Het UWV heeft een rekenhulp, maar bijna "
                        "niemand in het netwerk kent hem.",
                    ),
                ],
            ),
            (
                "fatima",
                "Kan dit ook voor mensen met een WIA-uitkering die weer aan het werk gaan? Daar "
                "zie ik hetzelfde.",
                [],
            ),
        ],
        "recognitions": [
            ("joost", ""),
            ("fatima", "Ook bij de WIA."),
        ],
    },
    {
        "author": "noor",
        "title": "Negen intakes in één jaar: een ervaringsdeskundige kijkt mee",
        "situation": (
            "Deze casus is ingebracht samen met een ervaringsdeskundige van Stichting "
            "Ervaringsdeskundigen Samen. Een inwoner van middelbare leeftijd valt uit door een "
            "burn-out en krijgt na twee jaar ziekte een WIA-uitkering. In het jaar daarna heeft "
            "hij contact met het UWV, de gemeente (Wmo en bijzondere bijstand), de huisarts, de "
            "praktijkondersteuner GGZ, een re-integratiebureau en schuldhulp. Bij elke nieuwe "
            "organisatie vertelt hij zijn verhaal opnieuw en vult hij opnieuw formulieren in; hij "
            "telde negen intakes in één jaar."
        ),
        "ik_wil": (
            "Ik wil serieus genomen worden en niet steeds opnieuw hoeven bewijzen dat ik ziek ben. "
            "Ik wil weer ergens bij horen."
        ),
        "ik_kan": (
            "Ik kan mijn verhaal één keer goed vertellen, op een goede dag. Ik kan "
            "vrijwilligerswerk doen als het rustig begint."
        ),
        "ik_heb_nodig": (
            "Ik heb één persoon nodig die mijn verhaal kent en het, met mijn toestemming, "
            "doorgeeft. En brieven in gewone taal."
        ),
        "knelpunt": (
            "Elke organisatie vraagt vanuit haar eigen wet en haar eigen verantwoording dezelfde "
            "informatie opnieuw op. Voor de organisatie is dat een zorgvuldige intake; voor de "
            "inwoner voelt het als wantrouwen. De ervaringsdeskundige: het systeem ziet negen "
            "dossiers, ik zag één mens die steeds kleiner werd."
        ),
        "knelpunt_type": "Ervaring van de inwoner",
        "window": Window.RESIDENT,
        "maatwerk": (
            "Met toestemming van de inwoner is één gezamenlijk gesprek gehouden met UWV, gemeente "
            "en schuldhulp, waarbij de ervaringsdeskundige meeging als maatje. De gemeente heeft "
            "de informatie uit dat gesprek voor de Wmo en de bijzondere bijstand samen gebruikt. "
            "Het UWV kon daar vanwege de eigen procedures niet bij aansluiten."
        ),
        "maatwerk_outcome": MaatwerkOutcome.PARTLY,
        "status": CaseStatus.OPEN,
        "life_domains": ["Zingeving", "Psychische gezondheid", "Sociale relaties", "Financiën"],
        "laws": ["WIA", "Wmo 2015", "Zorgverzekeringswet", "AVG"],
        "organisations": [
            "Stichting Ervaringsdeskundigen Samen",
            "UWV regio Heuvelstad",
            "Gemeente Heuvelstad",
            "Schuldhulp Heuvelstad",
        ],
        "tags": ["ervaringsdeskundige", "vertel het één keer", "bejegening"],
        "comments": [
            (
                "fatima",
                "Confronterend om te lezen. Negen intakes in één jaar, en wij zijn er daar één "
                "van.",
                [],
            ),
            (
                "sander",
                "Wil de ervaringsdeskundige aansluiten bij de volgende leersessie? Dit perspectief "
                "ontbreekt vaak aan tafel.",
                [
                    ("noor", "Ja, zij komt graag. Ik zet het op de agenda."),
                ],
            ),
            (
                "marieke",
                "<b>Vertel het één keer</b> zou een spelregel in het convenant kunnen worden. Wie "
                "pakt dat op?",
                [],
            ),
        ],
        "recognitions": [
            ("fatima", ""),
            ("joost", "Hoor ik bijna letterlijk zo van ouders in de jeugdhulp."),
            ("ruben", ""),
            ("sander", ""),
        ],
    },
    {
        "author": "fatima",
        "title": "Ontschot maatwerkbudget, maar niemand mag erover beslissen",
        "situation": (
            "Een gezin met een kind met een ernstige lichamelijke beperking huurt een "
            "eengezinswoning met de slaapkamers boven. Het kind kan de trap niet meer op. Een "
            "traplift is volgens de ergotherapeut geen oplossing, een aanbouw met slaapkamer en "
            "badkamer op de begane grond wel. De Wmo vergoedt een deel van de woningaanpassing, de "
            "aanbouw vraagt een omgevingsvergunning met leges die niemand vergoedt, en zonder "
            "aanpassing dreigt verblijf in een logeerhuis via de Jeugdwet, dat per jaar meer kost "
            "dan de hele aanbouw."
        ),
        "ik_wil": "Wij willen dat ons kind thuis kan blijven wonen, bij zijn broertje en zusje.",
        "ik_kan": (
            "Wij kunnen een deel van de kosten zelf dragen, en familie helpt bij de verbouwing."
        ),
        "ik_heb_nodig": (
            "Wij hebben één besluit nodig, binnen een paar weken, en niet drie loketten die elk "
            "een stukje betalen."
        ),
        "knelpunt": (
            "De gemeente heeft een proeftuin met een ontschot maatwerkbudget, precies voor dit "
            "soort situaties. Maar het mandaat is niet geregeld: de procesregisseur mag alleen "
            "over kleine bedragen beslissen, daarboven moest de aanvraag langs drie "
            "afdelingshoofden en de ambtelijke stuurgroep. Het besluit duurde zeven weken, terwijl "
            "de goedkopere en betere oplossing vanaf het begin op tafel lag."
        ),
        "knelpunt_type": "Bestuur / governance",
        "window": Window.POLICY,
        "maatwerk": (
            "De aanbouw is betaald uit het maatwerkbudget, aangevuld met de Wmo-vergoeding; de "
            "corporatie gaf toestemming en de leges zijn kwijtgescholden. Het kind woont thuis. De "
            "stuurgroep heeft toegezegd het mandaat van de procesregisseur te verruimen."
        ),
        "maatwerk_outcome": MaatwerkOutcome.WORKED,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Wonen", "Lichamelijke gezondheid", "Financiën", "Sociale relaties"],
        "laws": ["Wmo 2015", "Jeugdwet", "Omgevingswet"],
        "organisations": [
            "Gemeente Heuvelstad",
            "Wijkteam Heuvelstad-Noord",
            "Woonstichting De Kern",
        ],
        "tags": ["maatwerkbudget", "ontschot budget", "mandaat", "proeftuin", "woningaanpassing"],
        "comments": [
            (
                "ingrid",
                "Terecht punt. De stuurgroep heeft het mandaat besproken: het voorstel is dat de "
                "procesregisseur over hogere bedragen zelf beslist en achteraf verantwoording "
                "aflegt.",
                [
                    (
                        "fatima",
                        "Dank. Graag ook een termijn: binnen twee weken een besluit, ook boven dat "
                        "bedrag.",
                    ),
                ],
            ),
            (
                "joost",
                "Het maatwerkbudget is een goede stap, maar alleen als we het ook durven te "
                "gebruiken. Nu kiezen collega's nog vaak de vertrouwde route per wet.",
                [],
            ),
        ],
        "recognitions": [
            ("joost", ""),
            ("marieke", "Het mandaat staat op de agenda van de werktafel."),
            ("ingrid", ""),
        ],
    },
    {
        # A draft: it shows in the author's "Mijn casussen" until consent is given.
        "author": "ruben",
        "publish": False,
        "title": "Zorgkosten stapelen zich op bij een chronische ziekte",
        "situation": (
            "Een alleenstaande inwoner met een chronische longziekte en een bijstandsuitkering "
            "betaalt elk jaar het volledige eigen risico, plus eigen bijdragen voor hulpmiddelen "
            "die niet in het basispakket zitten. De gemeentepolis dekt het eigen risico niet, en "
            "bijzondere bijstand voor deze kosten wordt afgewezen omdat het eigen risico als "
            "algemene kosten geldt. Aan het eind van het jaar is er een betalingsachterstand bij "
            "de zorgverzekeraar."
        ),
        "ik_wil": "Ik wil mijn medicijnen en hulpmiddelen kunnen betalen zonder schulden te maken.",
        "ik_kan": "Ik kan goed met geld omgaan en ik houd alles bij.",
        "ik_heb_nodig": (
            "Ik heb nodig dat het eigen risico in termijnen kan, of dat iemand het voorschiet."
        ),
        "knelpunt": (
            "De Zorgverzekeringswet en de Participatiewet sluiten niet op elkaar aan: het eigen "
            "risico valt buiten de bijzondere bijstand, en de gemeentelijke collectieve "
            "zorgverzekering kent alleen wie er actief naar vraagt. Inwoners met een laag inkomen "
            "en hoge zorgkosten komen zo elk jaar tekort."
        ),
        "knelpunt_type": "Toegang / doelgroep",
        "window": Window.RESIDENT,
        "maatwerk": (
            "Nog niet bepaald. Eerst vraag ik de inwoner om toestemming om de casus in het netwerk "
            "te bespreken; daarna overleg ik met de klantmanager en de schuldhulpverlener."
        ),
        "maatwerk_outcome": MaatwerkOutcome.UNKNOWN,
        "status": CaseStatus.OPEN,
        "consent_given": False,
        "consent_purpose": "",
        "life_domains": ["Lichamelijke gezondheid", "Financiën"],
        "laws": ["Zorgverzekeringswet", "Participatiewet"],
        "organisations": ["Sociale Dienst Heuvelstad", "Schuldhulp Heuvelstad"],
        "consent_organisations": [],
        "tags": ["zorgkosten", "eigen risico", "armoede"],
    },
    {
        # Not linked to a pattern: the network suggests "Wachttijd schuldhulp" to its author.
        "author": "noor",
        "title": "Ontruiming dreigt terwijl de schuldhulp pas over zes weken start",
        "situation": (
            "Een alleenstaande vader met een huurachterstand van vier maanden krijgt een brief "
            "van de deurwaarder: de corporatie vraagt ontruiming aan. Hij meldt zich voor "
            "schuldhulpverlening en hoort dat het eerste gesprek over zes weken is."
        ),
        "ik_wil": "Ik wil in mijn huis blijven wonen met mijn zoon.",
        "ik_kan": "Ik kan elke maand een vast bedrag aflossen; ik heb werk.",
        "ik_heb_nodig": "Ik heb nu iemand nodig die met de corporatie en de deurwaarder praat.",
        "knelpunt": (
            "Bij dreigende ontruiming schrijft de Wet gemeentelijke schuldhulpverlening een "
            "eerste gesprek binnen drie werkdagen voor, maar de wachttijd voor schuldhulp is zes "
            "weken. De crisisroute is bij de toegang niet bekend en de capaciteit is te klein."
        ),
        "knelpunt_type": "Organisatie / capaciteit",
        "window": Window.ORGANISATION,
        "maatwerk": (
            "Het wijkteam heeft de corporatie gevraagd de ontruiming aan te houden en de "
            "schuldhulpverlener heeft een crisisintake ingepland."
        ),
        "maatwerk_outcome": MaatwerkOutcome.PARTLY,
        "status": CaseStatus.IN_DISCUSSION,
        "life_domains": ["Financiën", "Wonen"],
        "laws": ["Wet gemeentelijke schuldhulpverlening"],
        "organisations": ["Schuldhulp Heuvelstad", "Woonstichting De Kern"],
        "tags": ["schuldhulp", "wachttijd", "ontruiming"],
        "recognitions": [("fatima", "Net als bij het gezin met de afsluiting van energie.")],
    },
]

#: title, description, titles of the cases that form the pattern, and the steps it took on
#: the ladder (action, inputs) — all through the same services as the front end.
DEMO_PATTERNS = [
    (
        "Voorschot bij wachttijd WW",
        "Inwoners die werk verliezen, bouwen schulden op in de weken tot de eerste WW-betaling.",
        ["Huurachterstand na verlies van werk"],
        [
            ("take_up", {}),
            (
                "solve",
                {
                    "text": "De klantmanager mag direct een voorschot verstrekken; de corporatie "
                    "wacht met incasso tot de uitkering loopt.",
                    "follow_up_days": 42,
                    "policy_version": ("Werkafspraken voorschot bij wachttijd WW", 1),
                },
            ),
        ],
    ),
    (
        "Overgang 18-/18+ zonder warme overdracht",
        "Jongeren vallen bij hun achttiende verjaardag tussen Jeugdwet en Wmo.",
        ["Jongere van 18 valt tussen Jeugdwet en Wmo"],
        [("take_up", {})],
    ),
    (
        "Wachttijd schuldhulp langer dan de wet toestaat",
        "Bij acute dreiging van ontruiming of afsluiting is de intake te laat.",
        ["Wachttijd schuldhulp bij acute problemen", "Huurachterstand na verlies van werk"],
        [
            ("take_up", {}),
            (
                "escalate",
                {
                    "reason": "Sneller intake vraagt extra formatie bij de schuldhulp: daarover "
                    "besluit de werktafel niet."
                },
            ),
            (
                "policy_request",
                {
                    "by": "ingrid",
                    "request": "Werk uit hoe een beleidsregel de crisisintake binnen drie "
                    "werkdagen kan borgen, en wat dat aan formatie vraagt.",
                },
            ),
        ],
    ),
    (
        "Schuldhulp en wijkteam delen geen signalen",
        "Het wijkteam hoort pas van betalingsachterstanden als de schuldhulp al maanden loopt; "
        "de werkafspraken laten het delen van signalen niet toe.",
        ["Wachttijd schuldhulp bij acute problemen"],
        [
            ("take_up", {}),
            (
                "policy_request",
                {
                    "by": "marieke",
                    "request": "Leg in de werkafspraken vast dat schuldhulp en wijkteam "
                    "vroegsignalen delen, en hoe vaak zij lopende trajecten bespreken.",
                    "document": "Werkafspraken schuldhulp–wijkteam",
                },
            ),
            ("policy_draft", {"by": "hanna", "document": "Werkafspraken schuldhulp–wijkteam"}),
            (
                "escalate",
                {
                    "reason": "Signalen delen vraagt een gegevensregeling: daarover besluit de "
                    "ambtelijke stuurgroep."
                },
            ),
            ("take_up", {}),
            (
                "decide",
                {
                    "text": "Schuldhulp en wijkteam delen vroegsignalen met toestemming van de "
                    "inwoner; de werkafspraken worden daarop aangepast.",
                    "follow_up_days": 42,
                    "policy_version": ("Werkafspraken schuldhulp–wijkteam", 3),
                    "toets": {
                        "toets_effect": "Eerder hulp bij betalingsachterstanden, voordat "
                        "schulden oplopen.",
                        "toets_person": "Minder stress voor het gezin en één plan in plaats van "
                        "twee.",
                        "toets_intent": "De Wgs wil vroeg helpen; de privacyregels willen "
                        "zorgvuldig delen, niet helemaal niet.",
                        "toets_ethics": "Ja, met toestemming van de inwoner.",
                        "toets_legal": "Past binnen de AVG met toestemming en een "
                        "gegevensregeling tussen beide partijen.",
                        "toets_outcome": "conditions",
                        "toets_conditions": "Alleen met vastgelegde toestemming van de inwoner.",
                    },
                },
            ),
        ],
    ),
    (
        "Respijtzorg gekoppeld aan indicatie zorgvrager",
        "Mantelzorgers krijgen geen respijtzorg zolang de zorgvrager geen indicatie heeft.",
        ["Overbelaste mantelzorger zonder respijtzorg"],
        [],
    ),
]

#: Lessons besides the one drafted from a pattern: (fields, laws, leefgebieden, approved).
DEMO_LESSONS = [
    (
        {
            "title": "Eén gesprek bij de overgang van 18- naar 18+",
            "slug": "warme-overdracht-18-plus",
            "summary": "Jongeren met jeugdhulp krijgen een half jaar voor hun achttiende één "
            "gesprek met het wijkteam en de Wmo-consulent samen.",
            "what_did_not_fit": "Bij de achttiende verjaardag stopte de jeugdhulp en begon de "
            "Wmo-aanvraag pas. Jongeren vielen maanden tussen twee wetten.",
            "what_changed": "De ambtelijke stuurgroep besloot tot een vaste overdracht vanaf "
            "17,5 jaar, met budget voor de overbrugging.",
            "order": LearningOrder.THIRD,
            "lesson_date": date(2025, 9, 1),
        },
        ["Jeugdwet", "Wmo 2015"],
        ["Werk en activiteiten", "Sociale relaties"],
        True,
    ),
    (
        {
            "title": "Energie blijft aan tijdens de schuldhulp",
            "slug": "energie-blijft-aan",
            "summary": "Bij een melding van betalingsachterstand belt de schuldhulp binnen drie "
            "werkdagen, zodat afsluiting wordt voorkomen.",
            "what_did_not_fit": "Meldingen van energieleveranciers kwamen in de gewone wachtrij "
            "van de schuldhulp terecht; gezinnen werden afgesloten voor het eerste gesprek.",
            "what_changed": "Meldingen van vroegsignalering krijgen een eigen route met een "
            "vaste contactpersoon. Het team heeft dit meteen in de werkwijze opgenomen.",
            "order": LearningOrder.FIRST,
            "lesson_date": date(2026, 3, 15),
        },
        ["Wet gemeentelijke schuldhulpverlening"],
        ["Financiën", "Wonen"],
        True,
    ),
    (
        {
            "title": "Respijtzorg zonder te wachten op een indicatie",
            "slug": "respijtzorg-zonder-indicatie",
            "summary": "Mantelzorgers kunnen respijtzorg krijgen voordat de zorgvrager een "
            "indicatie heeft.",
            "what_did_not_fit": "Respijtzorg was gekoppeld aan de indicatie van de zorgvrager.",
            "what_changed": "De werktafel stelt een vrij toegankelijke voorziening voor.",
            "order": LearningOrder.SECOND,
            "lesson_date": date(2026, 11, 1),
        },
        ["Wmo 2015"],
        ["Lichamelijke gezondheid"],
        False,
    ),
]


#: Case title -> (overgangsmoment, kind of solution) of the cases that have them.
DEMO_FACETS = {
    "Jongere van 18 valt tussen Jeugdwet en Wmo": ("18-/18+", "doorbraak"),
    "Geen woning en geen inkomen na ontslag uit detentie": ("Uit detentie", "none"),
    "Statushouder moet kiezen tussen inburgering en werk": ("Statushouder → gemeente", ""),
    "Jongere haakt af op het mbo en raakt uit beeld": ("School → werk", "existing_offer"),
    "Uitkering omlaag bij de eerste baan met Wajong": ("School → werk", "none"),
    "Huurachterstand na verlies van werk": ("Geen", "existing_offer"),
    "Wachttijd schuldhulp bij acute problemen": ("Geen", "existing_offer"),
    "Overbelaste mantelzorger zonder respijtzorg": ("Geen", "new_offer"),
    "Ontschot maatwerkbudget, maar niemand mag erover beslissen": ("Geen", "budget"),
}

#: The MDO around the young person turning 18 (issue #20): three agreements checked after six
#: weeks, of which the room never came (a missed agreement: a signal), and the marks 4 -> 7.
#: (what, organisation, owner, outcome, explanation)
DEMO_MDO_CASE = "Jongere van 18 valt tussen Jeugdwet en Wmo"
DEMO_MDO = [
    (
        "De jeugdhulpaanbieder zet de begeleiding drie maanden door, met dezelfde begeleider.",
        "Zorggroep Lindelaan",
        "ruben",
        "done",
        "",
    ),
    (
        "Het wijkteam regelt met de jongere de zorgverzekering en helpt bij de post.",
        "Wijkteam Heuvelstad-Noord",
        "fatima",
        "done",
        "",
    ),
    (
        "De woonstichting zet de jongere binnen zes weken op de lijst voor een begeleide kamer.",
        "Woonstichting De Kern",
        "joost",
        "not_done",
        "De woonstichting kent geen voorrang voor jongeren die uit een gezinshuis moeten: de "
        "wachttijd is twee jaar, ook met begeleiding.",
    ),
]
#: An agreement that still waits for its check (the author and the owner see it in "my actions").
DEMO_OPEN_AGREEMENT = (
    "Huurachterstand na verlies van werk",
    "Schuldhulp spreekt met de verhuurder een betalingsregeling af tot de WW loopt.",
    "Schuldhulp Heuvelstad",
    "noor",
)
#: Precedents: (case title, marked by, source, fields); the first comes from the doorbraak.
DEMO_PRECEDENTS = [
    (
        "Geen woning en geen inkomen na ontslag uit detentie",
        "lotte",
        "doorbraak",
        {
            "title": "Een voorschot uit het maatwerkbudget overbrugt de wachttijd tot de eerste "
            "uitkering",
            "weighed": "Wachten op de eerste betaling betekent een huurachterstand of geen "
            "kamer; een voorschot kost de gemeente niets extra, want het wordt verrekend.",
            "rule": "Bijstand pas na een volledige aanvraag met woonadres",
            "why": "De bedoeling van de wet is bestaanszekerheid; de regel liet juist de "
            "overgang onbeschermd.",
            "mandate": "Doorzettingsmacht van de procesregisseur",
        },
    ),
    (
        "Jongere van 18 valt tussen Jeugdwet en Wmo",
        "joost",
        "maatwerk",
        {
            "title": "Begeleiding loopt door op het oude budget tot de nieuwe wet het overneemt",
            "weighed": "Een onderbreking van de begeleiding bij 18 jaar tegen een paar maanden "
            "declaratie buiten de Jeugdwet om.",
            "rule": "Jeugdhulp stopt op de achttiende verjaardag",
            "why": "Dezelfde begeleider maakt juist bij de overgang het verschil.",
            "mandate": "Doorzettingsmacht van de procesregisseur, vastgelegd in het plan",
        },
    ),
]
#: The second case cites the first precedent in its discussion: (case title, member, text).
DEMO_CITATION = (
    "Huurachterstand na verlies van werk",
    "fatima",
    "Kan dat hier ook, tot de WW loopt?",
)
#: A case closed with the partners' evaluation: (case title, what worked, what did not).
DEMO_CLOSING = (
    "Wachttijd schuldhulp bij acute problemen",
    "Korte lijnen tussen schuldhulp en de sociale dienst; de crisisintake binnen drie dagen.",
    "De energieleverancier was pas na twee weken bereikbaar.",
)


#: The mandaatregister (issue #21): (title, organisation, held by a username or a role, laws,
#: deviation, bridging, ceiling, valid from, valid until, given by, escalation line by title).
DEMO_MANDATES = [
    (
        "Concernmandaat sociaal domein",
        "Gemeente Heuvelstad",
        "ingrid",
        ["Wmo 2015", "Participatiewet", "Jeugdwet"],
        True,
        True,
        Decimal("25000"),
        date(2026, 1, 1),
        None,
        "Burgemeester en wethouders van Heuvelstad, mandaatbesluit sociaal domein 2026",
        None,
    ),
    (
        "Team 16+: Jeugdwet- en Wmo-voorzieningen",
        "Gemeente Heuvelstad",
        "lotte",
        ["Jeugdwet", "Wmo 2015"],
        True,
        True,
        Decimal("5000"),
        date(2026, 1, 1),
        None,
        "College van B&W Heuvelstad, besluit 2026/114",
        "Concernmandaat sociaal domein",
    ),
    (
        "Bijzondere bijstand en voorschotten",
        "Gemeente Heuvelstad",
        Role.MANAGER,
        ["Participatiewet"],
        True,
        True,
        Decimal("2500"),
        date(2026, 1, 1),
        None,
        "College van B&W Heuvelstad, besluit 2026/115",
        "Concernmandaat sociaal domein",
    ),
    (
        "Proeftuin doorbraakbudget 2025",
        "Sociale Dienst Heuvelstad",
        "joost",
        ["Participatiewet"],
        True,
        False,
        Decimal("500"),
        date(2025, 1, 1),
        date(2025, 12, 31),
        "Directeur Sociale Dienst Heuvelstad",
        "Bijzondere bijstand en voorschotten",
    ),
]

#: A version the policy officer drafts from the policy inbox (a "policy_draft" step of a pattern).
INBOX = "inbox"

#: The register of written agreements (issue #21): (title, kind, parties, description,
#: versions as (text paragraphs, what changes, effective date; None: drafted now as a concept
#: through the service), and which concepts are adopted after the tables' decisions.
DEMO_REGISTER = [
    (
        "Werkafspraken schuldhulp–wijkteam",
        "werkafspraken",
        ["Schuldhulp Heuvelstad", "Wijkteam Heuvelstad-Noord", "Wijkteam Heuvelstad-Zuid"],
        "Hoe schuldhulp en de wijkteams samenwerken rond inwoners met geldzorgen.",
        [
            (
                "Het wijkteam verwijst inwoners met schulden naar de schuldhulp.\n"
                "De schuldhulp plant binnen vier weken een intake.",
                "Eerste afspraken over verwijzen.",
                date(2024, 3, 1),
            ),
            (
                "Het wijkteam verwijst inwoners met schulden naar de schuldhulp.\n"
                "De schuldhulp plant binnen drie weken een intake; bij dreigende ontruiming "
                "binnen drie werkdagen.\n"
                "Schuldhulp en wijkteam bespreken lopende trajecten eens per kwartaal.",
                "Crisisintake binnen drie werkdagen.",
                date(2025, 2, 1),
            ),
            (
                "Het wijkteam verwijst inwoners met schulden naar de schuldhulp.\n"
                "De schuldhulp plant binnen drie weken een intake; bij dreigende ontruiming "
                "binnen drie werkdagen.\n"
                "Schuldhulp en wijkteam delen vroegsignalen van betalingsachterstanden, met "
                "vastgelegde toestemming van de inwoner.\n"
                "Schuldhulp en wijkteam bespreken lopende trajecten eens per maand.",
                "Vroegsignalen delen met toestemming van de inwoner; maandelijks overleg.",
                INBOX,
            ),
        ],
    ),
    (
        "Werkafspraken voorschot bij wachttijd WW",
        "werkafspraken",
        ["Sociale Dienst Heuvelstad", "Woonstichting De Kern"],
        "Wat sociale dienst en corporatie doen in de weken tot de eerste WW-uitkering.",
        [
            (
                "De klantmanager mag direct een voorschot op de bijzondere bijstand "
                "verstrekken.\nDe corporatie wacht met incasso tot de uitkering loopt.",
                "Voorschot en uitstel van incasso bij wachttijd WW.",
                None,
            ),
        ],
    ),
]
#: The concepts the tables' decisions led to, adopted after them: (title, number, by).
DEMO_ADOPTED = [
    ("Werkafspraken voorschot bij wachttijd WW", 1, "marieke"),
    ("Werkafspraken schuldhulp–wijkteam", 3, "ingrid"),
    ("Werkafspraken schuldhulp–wijkteam", 3, "ingrid"),
]

#: Proeftuinen (issue #22): (title, pattern, owner, hypothesis, organisations, days from today
#: to its start and end, measures as (label, value, unit, days ago), notes, and its decision as
#: (decider, decision, reasons, agreement version as (title, number)) or None while it runs).
DEMO_PROEFTUINEN = [
    (
        "Voorschot bij wachttijd",
        "Voorschot bij wachttijd WW",
        "marieke",
        "Als de klantmanager direct een voorschot geeft en de corporatie wacht met incasso, "
        "ontstaat er in de weken tot de eerste WW-betaling geen huurachterstand.",
        ["Sociale Dienst Heuvelstad", "Woonstichting De Kern"],
        (-200, -20),
        [
            ("Huishoudens met een voorschot", 14, "", 120),
            ("Huishoudens met een voorschot", 31, "", 25),
            ("Nieuwe huurachterstanden in de wachttijd", 1, "", 25),
        ],
        [
            "Tussenstand na drie maanden: de corporatie stelt incasso uit zodra de "
            "klantmanager het voorschot meldt; één melding kwam te laat.",
        ],
        (
            "marieke",
            "structural",
            "In 31 huishoudens ontstond op één na geen nieuwe huurachterstand; de werkwijze "
            "wordt de vaste afspraak tussen sociale dienst en corporatie.",
            ("Werkafspraken voorschot bij wachttijd WW", 1),
        ),
    ),
    (
        "Vroegsignalen delen in Heuvelstad-Noord",
        "Schuldhulp en wijkteam delen geen signalen",
        "hanna",
        "Als schuldhulp en wijkteam vroegsignalen delen, komt het wijkteam binnen twee weken "
        "na een betalingsachterstand in beeld in plaats van na maanden.",
        ["Schuldhulp Heuvelstad", "Wijkteam Heuvelstad-Noord"],
        (-80, 10),
        [("Dagen van signaal tot eerste contact (mediaan)", 12, "dagen", 14)],
        [],
        None,
    ),
]

#: The omgekeerde toets of the demo's doorbraak (steps 1-4 by the professional).
#: Short signal cases over the last two years for the trends in needs (issue #22): "woonruimte"
#: rises (young people leaving care, a divorce, leaving detention), work and income stay. Each
#: is (quarters ago, need, title, ik heb nodig); the other fields come from ``TREND_NEEDS``.
TREND_NEEDS = {
    # need: (life domains, overgangsmoment (or several, taken in turn), organisations)
    "wonen": (
        ["Wonen"],
        ("18-/18+", "Scheiding", "18-/18+", "Uit detentie", "Statushouder → gemeente"),
        ["Woonstichting De Kern", "Wijkteam Heuvelstad-Noord"],
    ),
    "inkomen": (["Financiën"], "Geen", ["Sociale Dienst Heuvelstad"]),
    "werk": (["Werk en activiteiten"], "School → werk", ["ROC Heuvelstad"]),
    "zorg": (
        ["Lichamelijke gezondheid"],
        "Ziekenhuis/instelling → thuis",
        ["Wijkteam Heuvelstad-Zuid"],
    ),
    "schulden": (["Financiën"], "Scheiding", ["Schuldhulp Heuvelstad"]),
    "regie": (["Sociale relaties"], "Geen", ["Wijkteam Heuvelstad-Noord"]),
}
DEMO_TREND_CASES = [
    (
        7,
        "inkomen",
        "Leefgeld valt weg bij wisseling van uitkering",
        "Ik heb leefgeld nodig voor de weken tussen de twee uitkeringen.",
    ),
    (
        7,
        "werk",
        "Stageplek na afgebroken opleiding",
        "Ik heb een stageplek nodig en iemand die met de opleiding meedenkt.",
    ),
    (
        7,
        "werk",
        "Werkplek met begeleiding na ziekte",
        "Ik heb een werkplek nodig waar ik rustig kan opbouwen, met vervoer erheen.",
    ),
    (
        7,
        "zorg",
        "Thuiszorg start pas weken na ontslag",
        "Ik heb thuiszorg nodig vanaf de dag dat ik thuiskom, en vervoer naar de fysiotherapie.",
    ),
    (
        7,
        "regie",
        "Vijf hulpverleners en geen overzicht",
        "Ik heb één contactpersoon nodig en één plan voor het hele gezin.",
    ),
    (
        6,
        "inkomen",
        "Toeslag teruggevorderd na inkomenswijziging",
        "Ik heb een regeling nodig voor de terugbetaling van de toeslag, zodat ik mijn vaste "
        "lasten kan betalen.",
    ),
    (
        6,
        "schulden",
        "Betalingsregeling loopt vast na scheiding",
        "Ik heb een betalingsregeling nodig die past bij wat ik nu nog verdien.",
    ),
    (
        6,
        "werk",
        "Dagbesteding stopt bij verhuizing naar andere wijk",
        "Ik heb dagbesteding nodig in mijn nieuwe wijk, en vervoer als dat niet lukt.",
    ),
    (
        6,
        "zorg",
        "Mantelzorger valt uit, geen vervanging",
        "Ik heb begeleiding nodig voor mijn moeder zolang ik zelf ziek ben.",
    ),
    (
        6,
        "wonen",
        "Kamer kwijt na uitstroom uit beschermd wonen",
        "Ik heb een kamer nodig als ik uit beschermd wonen vertrek.",
    ),
    (
        5,
        "werk",
        "Geen baan na de entreeopleiding",
        "Ik heb een baan nodig met een vaste begeleider op de werkvloer.",
    ),
    (
        5,
        "inkomen",
        "Bijstand pas na inschrijving op vast adres",
        "Ik heb een uitkering nodig zolang mijn aanvraag loopt.",
    ),
    (
        5,
        "zorg",
        "Hulpmiddel pas na maanden geleverd",
        "Ik heb een rolstoel nodig en vervoer naar het ziekenhuis voor controles.",
    ),
    (
        5,
        "regie",
        "Plan van school en wijkteam sluit niet aan",
        "Ik heb één plan nodig van school en wijkteam samen.",
    ),
    (
        5,
        "schulden",
        "Incasso loopt door tijdens schuldhulptraject",
        "Ik heb rust nodig van de incassobureaus zolang de schuldhulp loopt.",
    ),
    (
        4,
        "werk",
        "Opleiding stopt bij overgang naar volwassenenzorg",
        "Ik heb een opleiding nodig die ik na mijn achttiende kan afmaken.",
    ),
    (
        4,
        "inkomen",
        "Voorschot geweigerd bij late WW-beslissing",
        "Ik heb een voorschot nodig tot de eerste betaling van het UWV.",
    ),
    (
        4,
        "schulden",
        "Deurwaarder na gemiste termijn",
        "Ik heb hulp bij budgetbeheer nodig, zodat er geen nieuwe achterstand ontstaat.",
    ),
    (
        4,
        "zorg",
        "Begeleiding thuis stopt na opname",
        "Ik heb begeleiding thuis nodig na de opname, met vervoer naar de dagbehandeling.",
    ),
    (
        4,
        "werk",
        "Vrijwilligerswerk telt niet mee voor re-integratie",
        "Ik heb werk nodig dat past bij wat ik kan, en vrijwilligerswerk als opstap.",
    ),
    (
        3,
        "wonen",
        "Jongere uit jeugdzorg zonder woonplek",
        "Ik heb woonruimte nodig als mijn plek in de jeugdzorg stopt.",
    ),
    (
        3,
        "wonen",
        "Urgentie afgewezen na scheiding",
        "Ik heb een woning nodig voor mij en de kinderen na de scheiding.",
    ),
    (
        3,
        "inkomen",
        "Uitkering lager door kostendelersnorm",
        "Ik heb duidelijkheid nodig over mijn uitkering nu mijn zoon meebetaalt.",
    ),
    (
        3,
        "zorg",
        "Huishoudelijke hulp te laat na heupoperatie",
        "Ik heb huishoudelijke hulp nodig vanaf de dag na de operatie, en vervoer naar de "
        "fysiotherapie.",
    ),
    (
        3,
        "wonen",
        "Slapen bij vrienden na uitstroom",
        "Ik heb een eigen kamer nodig en een adres om mij in te schrijven.",
    ),
    (
        2,
        "wonen",
        "Geen huurwoning na detentie",
        "Ik heb een huurwoning nodig na mijn detentie, anders kan ik ook geen werk vinden.",
    ),
    (
        2,
        "wonen",
        "Onderdak voor moeder en kind na huiselijk geweld",
        "Ik heb onderdak nodig voor mij en mijn kind, zo snel mogelijk.",
    ),
    (
        2,
        "schulden",
        "Schulden groeien door wachtlijst schuldhulp",
        "Ik heb schuldhulp nodig zonder wachtlijst, en vervoer naar mijn werk dat ik kan betalen.",
    ),
    (
        2,
        "wonen",
        "Jongere kan niet terug naar ouders",
        "Ik heb woonruimte nodig nu ik niet meer thuis kan wonen.",
    ),
    (
        2,
        "regie",
        "Niemand voert de regie na ontslag uit kliniek",
        "Ik heb één aanspreekpunt nodig dat de regie houdt, en vervoer naar de afspraken.",
    ),
    (
        1,
        "wonen",
        "Kamer te duur voor jongere met studiefinanciering",
        "Ik heb een betaalbare kamer nodig dicht bij mijn opleiding, of vervoer erheen.",
    ),
    (
        1,
        "wonen",
        "Wachttijd sociale huur na scheiding",
        "Ik heb een woning nodig in de buurt van de school van de kinderen.",
    ),
    (
        1,
        "inkomen",
        "Bijstand stopt bij verblijf in opvang",
        "Ik heb inkomen nodig zolang ik in de opvang verblijf.",
    ),
    (
        1,
        "wonen",
        "Statushouder zonder woning na gezinshereniging",
        "Ik heb een grotere woning nodig nu mijn gezin is herenigd.",
    ),
    (
        1,
        "werk",
        "Leerwerkplek vervalt bij verhuizing",
        "Ik heb een leerwerkplek nodig in de nieuwe gemeente, met vervoer erheen.",
    ),
]
#: More housing signals: one a quarter in the first year, four a quarter in the last three.
DEMO_TREND_CASES += [
    (7, "wonen", "Kamer opgezegd na overlijden hoofdhuurder", "Ik heb een eigen kamer nodig."),
    (6, "wonen", "Tijdelijke woonplek na brand", "Ik heb een tijdelijke woonplek nodig."),
    (5, "wonen", "Briefadres geweigerd zonder slaapplek", "Ik heb een vaste slaapplek nodig."),
    (4, "wonen", "Huisvesting na verblijf in de vrouwenopvang", "Ik heb huisvesting nodig."),
    (3, "wonen", "Jongere slaapt in de auto", "Ik heb een kamer nodig, ook al is die klein."),
    (3, "wonen", "Kamer bij hospita valt weg", "Ik heb een nieuwe kamer nodig voor de winter."),
    (3, "wonen", "Woning te klein voor pleeggezin", "Ik heb een grotere woning nodig."),
    (3, "wonen", "Geen woonruimte na studie in het buitenland", "Ik heb woonruimte nodig."),
    (
        2,
        "wonen",
        "Jongere uit gesloten jeugdzorg zonder plek",
        "Ik heb een woonplek met begeleiding nodig.",
    ),
    (
        2,
        "wonen",
        "Onderhuur beëindigd door corporatie",
        "Ik heb een woning op mijn eigen naam nodig.",
    ),
    (2, "wonen", "Wachtlijst begeleid wonen jongeren", "Ik heb een kamer met begeleiding nodig."),
    (2, "wonen", "Ouder met kinderen in de nachtopvang", "Ik heb onderdak nodig voor het gezin."),
    (1, "wonen", "Jongere na pleegzorg zonder huis", "Ik heb een betaalbare woning nodig."),
    (
        1,
        "wonen",
        "Mantelzorger verliest woning van ouder",
        "Ik heb een woning nodig na het overlijden van mijn vader.",
    ),
    (1, "wonen", "Uitstroom beschermd wonen vertraagd", "Ik heb een eigen woonruimte nodig."),
    (
        1,
        "wonen",
        "Kamer kwijt na ruzie met huisgenoten",
        "Ik heb een slaapplek nodig tot ik iets vind.",
    ),
]
TREND_AUTHORS = ("fatima", "joost", "noor", "ruben")


DEMO_REQUEST_TOETS = {
    "toets_effect": "Deze maand een kamer en een inkomen, zodat de terugkeer niet mislukt.",
    "toets_person": "Rust en een dak; geen nieuwe schulden in de eerste weken na detentie.",
    "toets_intent": "De Participatiewet wil bestaanszekerheid; de adreseis wil misbruik "
    "voorkomen, niet dakloosheid verlengen.",
    "toets_ethics": "Ja: uitlegbaar aan de inwoner en aan de raad.",
}

#: Doorbraken in demo cases: (case title, requester, fields, decision: (holder, step 5,
#: reasons) or None for one still open). The register routes each one.
DEMO_DOORBRAKEN = [
    (
        "Geen woning en geen inkomen na ontslag uit detentie",
        "ruben",
        {
            "kind": "bridging",
            "law": "Participatiewet",
            "amount": Decimal("1200"),
            "rule": "Bijstand pas na inschrijving op een woonadres",
            "proposal": "Een briefadres bij het wijkteam en direct een voorschot op de bijstand.",
            "settlement": "Het voorschot komt uit het maatwerkbudget en wordt verrekend met de "
            "eerste bijstandsbetaling.",
            **DEMO_REQUEST_TOETS,
        },
        (
            "marieke",
            "Art. 52 Participatiewet staat een voorschot toe; het briefadres is geregeld in de "
            "BRP-richtlijn.",
            "Toegekend: dit is precies waarvoor het maatwerkbudget bestaat.",
        ),
    ),
    (
        "Jongere van 18 valt tussen Jeugdwet en Wmo",
        None,
        {
            "kind": "deviation",
            "law": "Jeugdwet",
            "amount": Decimal("3800"),
            "rule": "Jeugdhulp stopt op de dag van de achttiende verjaardag",
            "proposal": "De begeleiding loopt drie maanden door tot de Wmo-indicatie er is.",
            "toets_effect": "Geen gat in de begeleiding bij de overgang naar 18+.",
            "toets_person": "De jongere houdt zijn vaste begeleider; de ouders hoeven niet bij "
            "te springen.",
            "toets_intent": "De Jeugdwet wil een ononderbroken ontwikkeling, ook rond de "
            "achttiende.",
            "toets_ethics": "Ja: stoppen op de verjaardag dient niemand.",
        },
        None,
    ),
]


#: title, level, weekday (the first of the month), location
DEMO_SERIES = [
    (
        "Leersessie professionals",
        SessionLevel.UITVOERING,
        Weekday.TUESDAY,
        "Wijkcentrum De Schakel, zaal 2",
    ),
    (
        "Leersessie management",
        SessionLevel.MANAGEMENT,
        Weekday.WEDNESDAY,
        "Stadskantoor, kamer 4.12",
    ),
    ("Leersessie bestuur", SessionLevel.BESTUUR, Weekday.THURSDAY, "Stadhuis, burgemeesterskamer"),
]


def _raw_agenda(*items) -> list[dict]:
    """Agenda items as StreamField data: ``(block type, value)`` with chooser values as ids."""
    return [{"type": kind, "value": value} for kind, value in items]


#: Sessions an older demo loaded one by one ("uitvoering-2026-10").
OLD_SESSION_SLUG = r"^(uitvoering|management|bestuur)-[0-9]{4}-[0-9]{2}$"


def _first_weekday(year: int, month: int, weekday: int) -> datetime:
    day = datetime(year, month, 1)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _publish(parent, page, *, owner=None):
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner).publish()
    return page


def _submit(page, user):
    """Submit ``page`` to its moderation workflow (the editors' review for lessons)."""
    return page.get_workflow().start(page, user)


def _approve(workflow_state, user) -> None:
    """An editor approves every task of the workflow: the page is published."""
    while workflow_state.status == workflow_state.STATUS_IN_PROGRESS:
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        workflow_state.refresh_from_db()


def _by_names(model, names):
    """The vocabulary terms called ``names`` (terms an editor renamed or removed are skipped)."""
    return list(model.objects.filter(name__in=names))


def _case_by_title(title: str) -> CasePage | None:
    return CasePage.objects.filter(title=title).order_by("pk").first()


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
        ensure_demo_site()
        run_setup(write=self.say)
        self.load_users()
        self.load_organisations()
        self.load_profiles()
        self.load_invitation()
        self.load_cases()
        self.load_register()
        self.seat_policy_officer()
        self.load_patterns()
        self.load_proeftuinen()
        self.adopt_register()
        self.load_mandates()
        self.load_doorbraak()
        self.load_outcomes()
        self.load_sessions()
        self.load_lessons()
        self.load_trend_cases()

    def load_trend_cases(self) -> None:
        """Short signal cases over the last two years, for the trends in needs: posted through
        the casework service like any case, then dated to the quarter they were shared in (the
        demo's history), and counted again for the trends."""
        from leernetwerk.patterns.trends import need_index_case

        index = CaseIndexPage.objects.get()
        today = timezone.localdate()
        quarter_start = date(today.year, today.month - (today.month - 1) % 3, 1)
        for number, (quarters, need, title, text) in enumerate(DEMO_TREND_CASES):
            if _case_by_title(title) is not None:
                continue
            domains, transition, organisations = TREND_NEEDS[need]
            if isinstance(transition, tuple):
                transition = transition[number % len(transition)]
            author = self.users[TREND_AUTHORS[number % len(TREND_AUTHORS)]]
            data = {
                "title": title,
                "situation": title + ".",
                "ik_wil": "",
                "ik_kan": "",
                "ik_heb_nodig": text,
                "knelpunt": title + ".",
                "knelpunt_type": KnelpuntType.objects.filter(name="Toegang / doelgroep").first(),
                "window": Window.ORGANISATION,
                "transition": Transition.objects.filter(name=transition).first(),
                "solution_type": "none" if need == "wonen" else "existing_offer",
                "maatwerk": "",
                "maatwerk_outcome": MaatwerkOutcome.UNKNOWN,
                "status": CaseStatus.CLOSED,
                "consent_given": True,
                "consent_purpose": DEFAULT_CONSENT_PURPOSE,
                "retention_date": today + timedelta(days=2 * 365),
                "life_domains": _by_names(LifeDomain, domains),
                "laws": [],
                "organisations": _by_names(Organisation, organisations),
                "consent_organisations": _by_names(Organisation, organisations),
                "tags": ["trendsignaal"],
            }
            case = case_save(user=author, data=data, index=index, publish_now=True)
            month = quarter_start.month - 3 * quarters
            year = quarter_start.year + (month - 1) // 12
            shared = datetime.combine(
                date(year, (month - 1) % 12 + 1, 1) + timedelta(days=7 + 17 * (number % 4)),
                time(10),
                tzinfo=AMSTERDAM,
            )
            CasePage.objects.filter(pk=case.pk).update(
                first_published_at=shared, last_published_at=shared
            )
            case.refresh_from_db()
            need_index_case(case)
        self.say(f"  {len(DEMO_TREND_CASES)} signal cases for the trends")

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
                user.groups.add(role_group(role))
            for extra in DEMO_EXTRA_ROLES.get(username, ()):
                user.groups.add(role_group(extra))
            self.users[username] = user

    def load_profiles(self) -> None:
        for username, (organisation, function, perspective) in DEMO_PROFILES.items():
            user = self.users[username]
            MemberProfile.objects.update_or_create(
                user=user,
                defaults={
                    "display_name": user.get_full_name(),
                    "organisation": Organisation.objects.get(name=organisation),
                    "function": function,
                    "perspective": Perspective.objects.get(name=perspective),
                },
            )

    def load_invitation(self) -> None:
        email, organisation, role = DEMO_INVITATION
        invitation, created = Invitation.objects.get_or_create(
            email=email,
            accepted_at=None,
            revoked_at=None,
            defaults={
                "organisation": Organisation.objects.get(name=organisation),
                "role": role,
                "invited_by": self.users["marieke"],
                "expires_at": timezone.now() + timedelta(days=7),
            },
        )
        if not created and invitation.expires_at <= timezone.now():
            invitation.expires_at = timezone.now() + timedelta(days=7)
            invitation.save(update_fields=["expires_at"])

    def load_organisations(self) -> None:
        for name, kind, region in DEMO_ORGANISATIONS:
            if Organisation.objects.filter(name=name).exists():
                continue
            Organisation.objects.create(
                name=name,
                kind=OrganisationKind.objects.get_or_create(name=kind)[0],
                region=region,
            )
            self.say(f"  organisation {name}")

    def _case_data(self, spec: dict) -> dict:
        organisations = _by_names(Organisation, spec["organisations"])
        knelpunt_type = KnelpuntType.objects.filter(name=spec["knelpunt_type"]).first()
        return {
            "title": spec["title"],
            "situation": spec["situation"],
            "ik_wil": spec["ik_wil"],
            "ik_kan": spec["ik_kan"],
            "ik_heb_nodig": spec["ik_heb_nodig"],
            "knelpunt": spec["knelpunt"],
            "knelpunt_type": knelpunt_type,
            "window": spec["window"],
            "transition": Transition.objects.filter(
                name=DEMO_FACETS.get(spec["title"], ("", ""))[0]
            ).first(),
            "solution_type": DEMO_FACETS.get(spec["title"], ("", ""))[1],
            "maatwerk": spec["maatwerk"],
            "maatwerk_outcome": spec["maatwerk_outcome"],
            "status": spec["status"],
            "consent_given": spec.get("consent_given", True),
            "consent_purpose": spec.get("consent_purpose", DEFAULT_CONSENT_PURPOSE),
            "retention_date": timezone.localdate() + timedelta(days=2 * 365),
            "life_domains": _by_names(LifeDomain, spec["life_domains"]),
            "laws": _by_names(Law, spec["laws"]),
            "organisations": organisations,
            "consent_organisations": (
                _by_names(Organisation, spec["consent_organisations"])
                if "consent_organisations" in spec
                else organisations
            ),
            "tags": spec["tags"],
        }

    def load_cases(self) -> None:
        """Post the cases through the casework service (privacy guard, consent, revisions).

        A case is found by its title. The original demo cases of an older database (posted
        without knelpunt type and the resident's perspective) are brought up to date once.
        The discussion is only added to a case posted or brought up to date in this run.
        """
        index = CaseIndexPage.objects.get()
        for spec in DEMO_CASES:
            author = self.users[spec["author"]]
            publish = spec.get("publish", True)
            existing = _case_by_title(spec["title"])
            if existing is None:
                case = case_save(
                    user=author, data=self._case_data(spec), index=index, publish_now=publish
                )
                self.say(f"  case {case.title}{'' if publish else ' (draft)'}")
            elif (
                existing.knelpunt_type_id is None
                and existing.owner_id == author.pk
                and not existing.comments.exists()
                and not existing.recognitions.exists()
            ):
                case = case_save(
                    user=author, data=self._case_data(spec), case=existing, publish_now=publish
                )
                self.say(f"  case {case.title} (brought up to date)")
            else:
                continue
            if case.live:
                self.load_discussion(case, spec)

    def load_discussion(self, case: CasePage, spec: dict) -> None:
        for author, body, replies in spec.get("comments", ()):
            comment = comment_create(case=case, author=self.users[author], body=body)
            for reply_author, reply in replies:
                comment_create(
                    case=case, author=self.users[reply_author], body=reply, parent=comment
                )
        for username, note in spec.get("recognitions", ()):
            recognition_add(case=case, user=self.users[username], note=note)

    def load_patterns(self) -> None:
        """Patterns with their cases and the steps they took, through the services (audit
        trail, decisions, suggestion index); the stuurgroep tables seat Ingrid's role."""
        manager = self.users["marieke"]
        for title, description, case_titles, steps in DEMO_PATTERNS:
            if Pattern.objects.filter(title=title).exists():
                continue
            cases = [case for case in map(_case_by_title, case_titles) if case and case.live]
            pattern = pattern_create(
                user=manager,
                title=title,
                description=description,
                owner=manager,
                cases=cases,
                link_reason="Zelfde knelpunt, aangedragen in de leersessie.",
            )
            for action, inputs in steps:
                inputs = dict(inputs)
                if action.startswith("policy_"):
                    self._policy_step(pattern, action, inputs)
                    continue
                days = inputs.pop("follow_up_days", None)
                if days:
                    inputs["follow_up_date"] = timezone.localdate() + timedelta(days=days)
                if "policy_version" in inputs:
                    document, number = inputs["policy_version"]
                    inputs["policy_version"] = PolicyVersion.objects.filter(
                        document__title=document, number=number
                    ).first()
                pattern = pattern_transition(pattern=pattern, user=manager, action=action, **inputs)
            self.say(f"  pattern {title}")

    def _policy_step(self, pattern, action: str, inputs: dict) -> None:
        """A table asks policy for a written change; the policy officer takes the item and
        drafts the version it asks for (from the register's text in ``DEMO_REGISTER``)."""
        document = PolicyDocument.objects.filter(title=inputs.get("document")).first()
        if action == "policy_request":
            policy.item_request(
                pattern=pattern,
                user=self.users[inputs["by"]],
                request=inputs["request"],
                document=document,
            )
            return
        officer = self.users[inputs["by"]]
        item = policy.open_item_for(pattern)
        policy.item_take(item=item, user=officer)
        versions = next(v for title, *_rest, v in DEMO_REGISTER if title == document.title)
        number = next(n for n, v in enumerate(versions, start=1) if v[2] == INBOX)
        text, change, _effective = versions[number - 1]
        version_draft(document=document, user=officer, text=text, change_summary=change, item=item)

    def seat_policy_officer(self) -> None:
        """Hanna sits at the werktafel and the ambtelijke stuurgroep (beleid close to the tables)
        and follows the Participatiewet, the Wgs and the Jeugdwet in her inbox."""
        from leernetwerk.casework.models import Law
        from leernetwerk.patterns.models import LearningTable

        officer = self.users["hanna"]
        for table in LearningTable.objects.filter(position__in=(20, 30)):
            table.members.add(officer)
        laws = Law.objects.filter(
            name__in=["Participatiewet", "Wet gemeentelijke schuldhulpverlening", "Jeugdwet"]
        )
        policy.watch_set(user=officer, laws=list(laws), tags="schulden")

    def load_register(self) -> None:
        """The register of written agreements: older versions as they were, the newest as a
        concept drafted through the service (the tables' decisions then point at it)."""
        from leernetwerk.kernel.models import Organisation

        drafter = self.users["marieke"]
        for title, kind, parties, description, versions in DEMO_REGISTER:
            if PolicyDocument.objects.filter(title=title).exists():
                continue
            document = PolicyDocument.objects.create(
                title=title, kind=kind, description=description
            )
            document.parties.set(Organisation.objects.filter(name__in=parties))
            for number, (text, change, effective) in enumerate(versions, start=1):
                if effective == INBOX:
                    continue  # drafted by the policy officer from the policy inbox
                if effective is None:
                    version_draft(document=document, user=drafter, text=text, change_summary=change)
                    continue
                is_last_dated = all(later[2] in (None, INBOX) for later in versions[number:])
                PolicyVersion.objects.create(
                    document=document,
                    number=number,
                    text=paragraphs_html(text),
                    change_summary=change,
                    effective_date=effective,
                    status="vigerend" if is_last_dated else "vervallen",
                    adopted_at=timezone.make_aware(datetime.combine(effective, time(9))),
                    created_by=drafter,
                )
            self.say(f"  agreement {title}")

    def load_proeftuinen(self) -> None:
        """Proeftuinen through the services: one made structural (pointing at the agreement
        version the solution it tried asks for), one still running with its end near."""
        from leernetwerk.patterns import proeftuin as proeftuinen
        from leernetwerk.patterns.models import Proeftuin

        today = timezone.localdate()
        for spec in DEMO_PROEFTUINEN:
            title, pattern_title, owner, hypothesis, organisations, term, measures = spec[:7]
            notes, decision = spec[7:]
            pattern = Pattern.objects.filter(title=pattern_title).first()
            if pattern is None or Proeftuin.objects.filter(title=title).exists():
                continue
            starting = proeftuinen.starting_decisions(pattern).first()
            if starting is None:
                continue
            user = self.users["marieke"]
            proeftuin = proeftuinen.proeftuin_start(
                pattern=pattern,
                user=user,
                decision=starting,
                title=title,
                hypothesis=hypothesis,
                owner=self.users[owner],
                starts_on=today + timedelta(days=term[0]),
                ends_on=today + timedelta(days=term[1]),
                organisations=list(Organisation.objects.filter(name__in=organisations)),
            )
            proeftuinen.proeftuin_add_cases(
                proeftuin=proeftuin,
                user=user,
                cases=list(proeftuinen.addable_cases(proeftuin)),
            )
            for label, value, unit, days_ago in measures:
                proeftuinen.proeftuin_measure(
                    proeftuin=proeftuin,
                    user=self.users[owner],
                    label=label,
                    value=value,
                    unit=unit,
                    measured_on=today - timedelta(days=days_ago),
                )
            for note in notes:
                proeftuinen.proeftuin_note(proeftuin=proeftuin, user=self.users[owner], text=note)
            if decision is not None:
                by, outcome, reasons, (document, number) = decision
                proeftuinen.proeftuin_decide(
                    proeftuin=proeftuin,
                    user=self.users[by],
                    decision=outcome,
                    reasons=reasons,
                    policy_version=PolicyVersion.objects.get(
                        document__title=document, number=number
                    ),
                )
            self.say(f"  proeftuin {title}")

    def adopt_register(self) -> None:
        """The concepts the tables' decisions led to become vigerend."""
        for title, number, by in DEMO_ADOPTED:
            version = PolicyVersion.objects.filter(
                document__title=title, number=number, status="concept"
            ).first()
            if version is not None:
                version_adopt(version=version, user=self.users[by])
                self.say(f"  adopted {version}")

    def load_mandates(self) -> None:
        """The mandaatregister: who may grant what, and the escalation line."""
        from leernetwerk.casework.models import Law, Mandate
        from leernetwerk.kernel.models import Organisation

        made: dict[str, Mandate] = {m.title: m for m in Mandate.objects.all()}
        for (
            title,
            organisation,
            held_by,
            laws,
            deviation,
            bridging,
            ceiling,
            start,
            end,
            given_by,
            escalates_to,
        ) in DEMO_MANDATES:
            if title in made:
                continue
            by_role = held_by in Role.values
            mandate = Mandate(
                title=title,
                organisation=Organisation.objects.get(name=organisation),
                holder=None if by_role else self.users[held_by],
                role=held_by if by_role else "",
                covers_deviation=deviation,
                covers_bridging=bridging,
                budget_ceiling=ceiling,
                valid_from=start,
                valid_until=end,
                granted_by=given_by,
                escalates_to=made.get(escalates_to),
            )
            mandate.full_clean(exclude=["laws"])
            mandate.save()
            mandate.laws.set(Law.objects.filter(name__in=laws))
            made[title] = mandate
            self.say(f"  mandate {title}")

    def load_doorbraak(self) -> None:
        """Doorbraken routed by the mandaatregister; the first decided after the omgekeerde
        toets, the second still open in the mandate holder's inbox."""
        from leernetwerk.casework.models import Law

        for title, requester, fields, decision in DEMO_DOORBRAKEN:
            case = _case_by_title(title)
            if case is None or not case.live or case.doorbraken.exists():
                continue
            fields = {**fields, "law": Law.objects.get(name=fields["law"])}
            user = self.users[requester] if requester else case.owner
            doorbraak = doorbraak_request(case=case, user=user, **fields)
            if decision is not None:
                holder, legal, reason = decision
                doorbraak_decide(
                    doorbraak=doorbraak,
                    user=self.users[holder],
                    reason=reason,
                    toets_legal=legal,
                    toets_outcome="go",
                )
            self.say(f"  doorbraak in {title}")

    def load_outcomes(self) -> None:
        """Issue #20 through the services: the MDO's agreements and their six-week check (one
        missed: a signal), the resident's marks, precedents and one cited, a closed case."""
        from leernetwerk.casework.models import Agreement, Precedent

        case = _case_by_title(DEMO_MDO_CASE)
        if case is not None and case.live and not Agreement.objects.filter(case=case).exists():
            today = timezone.localdate()
            agreed = today - timedelta(weeks=7)
            author = case.owner
            for what, organisation, owner, outcome, note in DEMO_MDO:
                agreement = agreement_add(
                    case=case,
                    user=author,
                    what=what,
                    organisation=Organisation.objects.get(name=organisation),
                    owner=self.users[owner],
                    agreed_on=agreed,
                    perspectives=Perspective.objects.filter(
                        name__in=["Wijkteam", "Zorg", "Werk en inkomen / klantmanager"]
                    ),
                    with_resident=True,
                    with_network=True,
                )
                agreement_check(
                    agreement=agreement, user=self.users[owner], outcome=outcome, note=note
                )
            score_record(
                case=case, user=author, moment="intake", score=4, scored_on=agreed - timedelta(14)
            )
            score_record(
                case=case, user=author, moment="solution", score=7, scored_on=today - timedelta(7)
            )
            self.say(f"  agreements and marks in {case.title}")
        title, what, organisation, owner = DEMO_OPEN_AGREEMENT
        case = _case_by_title(title)
        if case is not None and case.live and not Agreement.objects.filter(case=case).exists():
            agreement_add(
                case=case,
                user=case.owner,
                what=what,
                organisation=Organisation.objects.get(name=organisation),
                owner=self.users[owner],
                agreed_on=timezone.localdate() - timedelta(weeks=5),
            )
        if not Precedent.objects.exists():
            first = None
            for title, who, source, fields in DEMO_PRECEDENTS:
                case = _case_by_title(title)
                if case is None or not case.live:
                    continue
                precedent = precedent_create(
                    case=case,
                    user=self.users[who],
                    source=source,
                    doorbraak=case.doorbraken.first() if source == "doorbraak" else None,
                    laws=case.laws.all(),
                    life_domains=case.life_domains.all(),
                    knelpunt_type=case.knelpunt_type,
                    transition=case.transition,
                    **fields,
                )
                first = first or precedent
                self.say(f"  precedent P{precedent.pk}")
            title, who, text = DEMO_CITATION
            case = _case_by_title(title)
            if first is not None and case is not None and case.live:
                link = (
                    f'<a href="{first.get_absolute_url()}">Precedent P{first.pk}: {first.title}</a>'
                )
                comment_create(case=case, author=self.users[who], body=f"<p>{link}. {text}</p>")
        title, worked, did_not_work = DEMO_CLOSING
        case = _case_by_title(title)
        if case is not None and case.live and not hasattr(case, "closing"):
            case_close(case=case, user=case.owner, worked=worked, did_not_work=did_not_work)

    def load_sessions(self) -> None:
        """Three monthly series (one per level) through the same services as the admin: last
        month's front-line session was held (attendance, minutes, actions, a dilemma for the
        management), this month's has an agenda and registrations."""
        LearningSessionPage.objects.filter(series=None, slug__regex=OLD_SESSION_SLUG).filter(
            registrations=None
        ).delete()  # the standalone sessions of an older demo database
        today = timezone.localdate()
        admin = self.users["sander"]
        sessions = {}
        for title, level, weekday_, location in DEMO_SERIES:
            series, _created = SessionSeries.objects.get_or_create(
                title=title,
                defaults={
                    "level": level,
                    "weekday": weekday_,
                    "week_of_month": 1,
                    "start_time": time(14, 0),
                    "end_time": time(16, 0),
                    "starts_on": today - timedelta(days=75),
                    "horizon_months": 4,
                    "location": location,
                    "facilitator": admin,
                    "capacity": 12,
                    "description": "Maandelijkse leersessie: casussen, patronen en de "
                    "zes-wekencheck van eerdere afspraken.",
                },
            )
            series_generate(series=series, user=admin, today=today - timedelta(days=75))
            for page in series.sessions.order_by("starts_at"):
                # Published up to two months ahead; later ones stay drafts to check first.
                if not page.live and page.starts_at.date() <= today + timedelta(days=62):
                    page.save_revision(user=admin).publish(user=admin)
            sessions[level] = list(series.sessions.live().order_by("starts_at"))
        front_line = sessions[SessionLevel.UITVOERING]
        held = [p for p in front_line if p.ends_at < timezone.now() - timedelta(days=7)]
        coming = [p for p in front_line if p.ends_at >= timezone.now()]
        if coming:
            self._prepare_session(coming[0])
        if held:
            self._hold_session(held[-1])
        management = sessions[SessionLevel.MANAGEMENT]
        held = [p for p in management if p.ends_at < timezone.now() - timedelta(days=7)]
        if held:
            self._hold_management_session(held[-1])

    def _hold_management_session(self, session) -> None:
        """Last month's management session could not solve the crisis intake's staffing: its
        dilemma goes on the bestuur's agenda and is the order-3 pattern "Wachttijd schuldhulp"
        at the ambtelijke stuurgroep (issue #22: one thread from the minutes to the decision)."""
        if session.dilemmas.exists():
            return
        admin, manager = self.users["sander"], self.users["marieke"]
        page = session.get_latest_revision_as_object()
        page.agenda = _raw_agenda(
            (
                "theme",
                {
                    "title": "Crisisintake schuldhulp binnen drie werkdagen",
                    "description": "De werktafel legde het knelpunt bij ons neer.",
                    "time_box": 40,
                    "presenter": "Marieke de Wit",
                },
            ),
        )
        page.save_revision(user=admin).publish(user=admin)
        session = LearningSessionPage.objects.get(pk=session.pk)
        for username in ("marieke", "lotte", "ingrid"):
            attendance_mark(session=session, user=admin, member=self.users[username], attended=True)
        session_open(session=session, user=admin)
        (theme,) = (str(block.id) for block in session.agenda)
        minute_save(
            session=session,
            user=admin,
            item_id=theme,
            text="De teams schuiven al met mensen, maar drie werkdagen halen ze niet zonder "
            "extra formatie. Het budget daarvoor ligt niet bij het management.",
        )
        dilemma = dilemma_record(
            session=session,
            user=admin,
            item_id=theme,
            text="Extra formatie voor de crisisintake schuldhulp: daarover kan het management "
            "niet beslissen. Wil het bestuur dit agenderen?",
        )
        session_close(session=session, user=admin)
        pattern = Pattern.objects.filter(title__startswith="Wachttijd schuldhulp").first()
        if pattern is not None:
            dilemma_link_pattern(dilemma=dilemma, user=manager, pattern=pattern)
        self.say(f"  held {session.title}")

    def _prepare_session(self, session) -> None:
        if session.agenda:
            return
        page = session.get_latest_revision_as_object()
        case = _case_by_title("Ontruiming dreigt terwijl de schuldhulp pas over zes weken start")
        pattern = Pattern.objects.filter(title__startswith="Wachttijd schuldhulp").first()
        items = []
        if case is not None:
            items.append(
                (
                    "case",
                    {
                        "case": case.pk,
                        "question": "Wat had eerder gekund?",
                        "time_box": 30,
                        "presenter": "Noor van Dalen",
                    },
                )
            )
        if pattern is not None:
            items.append(
                (
                    "pattern",
                    {
                        "pattern": pattern.pk,
                        "question": "Wat vraagt de stuurgroep van ons?",
                        "time_box": 25,
                        "presenter": "Marieke de Wit",
                    },
                )
            )
        items += [
            (
                "theme",
                {
                    "title": "Warme overdracht bij 18-/18+",
                    "description": "Wat spraken de werktafel en het jongerenteam af, en werkt het?",
                    "time_box": 25,
                    "presenter": "Joost Verhoeven",
                },
            ),
            ("round", {"title": "Wat ging goed, wat kan beter?", "time_box": 15, "presenter": ""}),
        ]
        page.agenda = _raw_agenda(*items)
        page.save_revision(user=self.users["sander"]).publish(user=self.users["sander"])
        session = LearningSessionPage.objects.get(pk=session.pk)
        for username in ("fatima", "joost", "noor", "ruben"):
            if not session.registrations.filter(user=self.users[username]).exists():
                registration_create(session=session, user=self.users[username])

    def _hold_session(self, session) -> None:
        if session.actions.exists():
            return
        admin = self.users["sander"]
        page = session.get_latest_revision_as_object()
        page.agenda = _raw_agenda(
            (
                "theme",
                {
                    "title": "Voorschot bij wachttijd WW: hoe werkt de nieuwe afspraak?",
                    "description": "",
                    "time_box": 30,
                    "presenter": "Joost Verhoeven",
                },
            ),
            ("round", {"title": "Wat ging goed, wat kan beter?", "time_box": 15, "presenter": ""}),
        )
        page.save_revision(user=admin).publish(user=admin)
        session = LearningSessionPage.objects.get(pk=session.pk)
        for username in ("fatima", "joost", "noor", "marieke"):
            registration = Registration.objects.filter(session=session, user=self.users[username])
            if not registration.exists():
                Registration.objects.create(
                    session=session,
                    user=self.users[username],
                    status="registered",
                    perspective=getattr(self.users[username].member_profile, "perspective", None),
                )
        for username, present in (
            ("fatima", True),
            ("joost", True),
            ("noor", True),
            ("marieke", False),
        ):
            attendance_mark(
                session=session, user=admin, member=self.users[username], attended=present
            )
        session_open(session=session, user=admin)
        theme, _round = (str(block.id) for block in session.agenda)
        minute_save(
            session=session,
            user=admin,
            item_id=theme,
            text="De klantmanagers verstrekken het voorschot; bij de corporatie is het nog niet "
            "overal bekend dat zij met incasso wacht.",
        )
        action_record(
            session=session,
            user=admin,
            item_id=theme,
            text="De afspraak over het voorschot in het werkoverleg van de corporatie toelichten",
            owner=self.users["joost"],
        )
        action_record(
            session=session,
            user=admin,
            item_id=theme,
            text="Nagaan hoe vaak het voorschot de afgelopen maand is verstrekt",
            owner=self.users["fatima"],
            due_date=timezone.localdate() - timedelta(days=3),
        )
        dilemma_record(
            session=session,
            user=admin,
            item_id=theme,
            text="Wie betaalt het voorschot als de WW uiteindelijk wordt afgewezen? Daar "
            "kunnen wij als uitvoering niet over beslissen.",
        )
        session_close(session=session, user=admin)
        summary_publish(
            session=session,
            user=admin,
            text="De nieuwe afspraak over een voorschot bij wachttijd voor de WW werkt: "
            "huurachterstanden blijven uit. Wie het voorschot betaalt als de WW wordt afgewezen, "
            "ligt nu bij het management.",
        )
        self.say(f"  held {session.title}")

    def load_lessons(self) -> None:
        """The lessons the public reads: one drafted from the solved demo pattern by the manager
        and approved by the editor through the moderation workflow, two more (other laws,
        orders and years) and one that still waits for the editor."""
        index = LessonIndexPage.objects.get()
        manager, editor = self.users["marieke"], self.users["eva"]
        pattern = Pattern.objects.filter(title="Voorschot bij wachttijd WW").first()
        # An older demo database has this lesson without its pattern: link it.
        LessonPage.objects.filter(slug="voorschot-bij-wachttijd-ww", pattern=None).update(
            pattern=pattern
        )
        if pattern is not None and not LessonPage.objects.filter(pattern=pattern).exists():
            lesson, _created = lesson_draft_from_pattern(pattern=pattern, user=manager)
            lesson.title = "Geen schuld meer door de wachttijd voor de WW"
            lesson.slug = "voorschot-bij-wachttijd-ww"
            lesson.summary = (
                "Inwoners die hun werk verliezen, krijgen voortaan een voorschot zodat de huur "
                "betaald blijft tot de eerste WW-uitkering."
            )
            lesson.what_did_not_fit = (
                "Bijzondere bijstand kon pas worden aangevraagd na het besluit over de WW. In "
                "de weken daartussen ontstonden huurachterstanden."
            )
            lesson.what_changed = (
                "De werktafel sprak af dat de klantmanager direct een voorschot mag verstrekken. "
                "De corporatie wacht met incasso tot de uitkering loopt."
            )
            if not LessonPage.objects.filter(slug=lesson.slug).exclude(pk=lesson.pk).exists():
                lesson.save_revision(user=manager)
                _approve(_submit(lesson, manager), editor)
                self.say(f"  lesson {lesson.title} (drafted from a pattern, approved)")
        for fields, laws, domains, approved in DEMO_LESSONS:
            if LessonPage.objects.filter(slug=fields["slug"]).exists():
                continue
            lesson = LessonPage(**fields, owner=manager, live=False)
            lesson.laws = _by_names(Law, laws)
            lesson.life_domains = _by_names(LifeDomain, domains)
            index.add_child(instance=lesson)
            lesson.save_revision(user=manager)
            state = _submit(lesson, manager)
            if approved:
                _approve(state, editor)
            self.say(
                f"  lesson {lesson.title} ({'approved' if approved else 'waiting for the editor'})"
            )
