"""Suggestion latency benchmark: what one new case costs as the network grows (1k, 10k, 100k).

What it measures
    Grows ONE fictional corpus of live cases size by size (default 1,000, then 10,000, then
    100,000 cases in a throwaway database) and, at each size, times the real per-new-case path:
    ``patterns.suggestions.case_signal_received(case_id=..., kind=PUBLISHED)``, what the
    ``case_signal`` receiver runs after a case is published. That call indexes the new knelpunt
    (``SignalTerm``/``SignalDoc``/``SignalPosting``), retrieves similar cases of the same
    knelpunt type within the window through the inverted index, suggests patterns (by their own
    description and through similar linked cases), evaluates a candidate pattern (signals,
    recognitions, professionals) and stores/notifies/publishes what it found. For ``--new``
    new cases per size it records the wall time (``time.perf_counter``) and the number of SQL
    queries (``CaptureQueriesContext``), and counts how many got a pattern suggestion or ended up
    in a candidate pattern (to show the path did real work).

    In the same run, for the first ``--baseline-samples`` new cases of each size, it also times
    the naive alternative to the index: a brute-force scan that loads every ``SignalDoc`` vector
    of kind "case" with the same knelpunt type within the window and computes
    ``patterns.text.cosine`` against each (then the same threshold, facet filter and ranking as
    the index), next to ``similar_cases(doc)`` (the indexed retrieval alone) on the same
    documents. The scan also runs, untimed, for every other new case: recall@10 is the share of
    the scan's ten best matches that the bounded index retrieval returns in its ten best too
    (the price of bounding the work), averaged over all new cases.

The fictional corpus
    200 fictional professionals (group "Professionals", with member profiles) and 3 managers;
    the seeded knelpunt types (extra ones are created up to 12), laws and active leefgebieden,
    and about 60 tags. Each case belongs to one of 34 themes of the social domain (kostendelersnorm,
    toeslagen, 18-/18+, ggz wachtlijst, ...), which decides its likely knelpunt type, laws,
    leefgebieden and tags; its title and knelpunt are Dutch sentences from templates filled with
    the theme's words, residents, organisations and background words drawn from a Zipf
    distribution over a lexicon whose long tail is generated Dutch compounds (so the vocabulary
    keeps growing with the corpus, as Heaps' law says: the printed term counts show it). Cases
    are spread over the last 24 months; ~10 % get 1-3 recognitions ("herken ik"). At the first
    size, one pattern per knelpunt type is created with five linked cases of its theme. New cases
    are published "now": a third are near-duplicates of pattern-linked cases, a third of random
    cases from the window, a third fresh. Pages are bulk-inserted as treebeard nodes (no
    ``add_child`` per case); the index is rebuilt with ``rebuild_index()`` at every size (on
    PostgreSQL followed by ``VACUUM ANALYZE``, what autovacuum would soon do after a bulk load,
    so that it does not run during the timed calls).

How to read it
    The final table holds p50 / p95 / max latency of the whole path, queries per new case, the
    scan's p50 and the ratio scan / indexed retrieval. The growth lines set p50(size) / p50(first
    size) next to the size ratio (10x, 100x): a latency ratio far below the size ratio means the
    work per suggestion is bounded by the constants of ``patterns.suggestions`` (QUERY_TERMS,
    POSTINGS_PER_TERM, RESCORE), not by the number of cases. PASS/FAIL lines check the targets of
    the issue: p50 at the largest size < 50 ms, and sub-linear growth. The run is a report: it
    exits 0 whatever the figures (non-zero only if something crashed).

How to run
    .venv/bin/python bench/suggestions.py                           # 1k, 10k, 100k in SQLite
    .venv/bin/python bench/suggestions.py --sizes 1000,5000 --new 10   # quick mode
    .venv/bin/python bench/suggestions.py --database-url postgres://user@127.0.0.1:5432/bench

    Options: ``--sizes`` (default 1000,10000,100000), ``--new`` (new cases timed per size,
    default 30), ``--baseline-samples`` (default 5), ``--database-url`` (default: a SQLite file in
    a temporary folder, removed afterwards; the database must hold no cases yet, the benchmark
    migrates it and fills it with fictional data), ``--seed``, ``--profile N`` (profile N more
    new cases at the largest size with cProfile, printed to stderr, not in the figures;
    ``--profile-out FILE`` also writes the raw data). It never
    touches the repository's ``db.sqlite3`` or ``.cache/``. Progress goes to stderr, the report
    to stdout. At the default sizes a run takes about five minutes on a 2-core machine, most of
    it generating and indexing the 100,000 cases (``rebuild_index`` alone: ~3.5 minutes).
"""

from __future__ import annotations

import argparse
import bisect
import gc
import math
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STARTED = time.monotonic()
LOAD_AT_START = os.getloadavg()[0]

WARMUP_CASES = 6  # published and processed before the timed ones at each size (not reported)
TARGET_P50_MS = 50.0
RECOGNISED_SHARE = 0.10  # share of corpus cases with recognitions
PROFESSIONALS = 200
MANAGERS = 3
LINKS_PER_PATTERN = 5
MIN_KNELPUNT_TYPES = 12
INSERT_BATCH = 1_000
DAYS_OF_HISTORY = 730  # cases are spread over the last 24 months
TOP_K = 10  # recall@TOP_K of the indexed retrieval against the exact scan


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


# --- the fictional vocabulary ------------------------------------------------------------------

#: (primary knelpunt type index, titles, theme words, law abbreviations, leefgebieden, tags,
#: rule clauses). The type index points into the knelpunt types in their seeded order.
THEMES = [
    (
        0,
        [
            "Kostendelersnorm bij inwonende zoon",
            "Bijstand gekort door kostendelersnorm",
            "Kostendelersnorm maakt opvang van familie onmogelijk",
        ],
        "kostendelersnorm bijstandsuitkering inwonende korting huishouden woonkosten "
        "meerderjarige opvang",
        ["Pw"],
        ["Financiën", "Wonen"],
        ["kostendelersnorm", "bijstand"],
        [
            "de kostendelersnorm elke volwassene in huis meetelt",
            "de uitkering lager wordt zodra een kind achttien wordt",
        ],
    ),
    (
        0,
        [
            "Terugvordering huurtoeslag na scheiding",
            "Toeslagpartner blijft meetellen",
            "Huurtoeslag teruggevorderd door te hoog voorschot",
        ],
        "huurtoeslag terugvordering toeslagpartner jaarinkomen voorschot belastingdienst "
        "betalingsregeling toeslag",
        ["Wgs"],
        ["Financiën"],
        ["toeslagen", "schulden"],
        [
            "het voorschot op een geschat jaarinkomen is gebaseerd",
            "de ex-partner nog als toeslagpartner geregistreerd staat",
        ],
    ),
    (
        8,
        [
            "Jeugdhulp stopt op de achttiende verjaardag",
            "Overgang 18-/18+ zonder begeleiding",
            "Geen volwassenenzorg na jeugdhulp",
        ],
        "jeugdhulp verjaardag volwassenenzorg overgang begeleiding pleegzorg "
        "jongvolwassene indicatie",
        ["Jw", "Wmo"],
        ["Psychische gezondheid", "Wonen"],
        ["18min-18plus", "jongeren"],
        [
            "de jeugdhulp automatisch stopt op de achttiende verjaardag",
            "de Wmo een nieuwe aanvraag en een nieuw onderzoek eist",
        ],
    ),
    (
        3,
        [
            "Lange wachtlijst voor ggz-behandeling",
            "Crisis tijdens de wachttijd in de ggz",
            "Geen intake bij de ggz binnen een half jaar",
        ],
        "wachtlijst ggz behandeling intake crisisdienst psychiater overbruggingszorg verwijzing",
        ["Zvw"],
        ["Psychische gezondheid"],
        ["ggz", "wachtlijsten"],
        [
            "de ggz-aanbieder pas na maanden een intake kan plannen",
            "overbruggingszorg niet wordt vergoed zolang er geen diagnose is",
        ],
    ),
    (
        1,
        [
            "Kosten beschermingsbewind niet vergoed",
            "Bewindvoerder te duur voor bijzondere bijstand",
            "Beschermingsbewind stopt bij verhuizing",
        ],
        "beschermingsbewind bewindvoerder bewindvoeringskosten bijzondere bijstand "
        "kantonrechter budgetbeheer",
        ["Wgs", "Pw"],
        ["Financiën"],
        ["bewind", "schulden"],
        [
            "de bijzondere bijstand de kosten van bewind maar deels dekt",
            "de kantonrechter en de gemeente elk een andere norm hanteren",
        ],
    ),
    (
        8,
        [
            "Schuldhulp weigert aanmelding met lopende boetes",
            "Geen schuldregeling door stabilisatie-eis",
            "Saneringskrediet afgewezen",
        ],
        "schuldhulpverlening stabilisatie schuldeisers saneringskrediet aanmelding vaste "
        "lasten boetes schuldregeling",
        ["Wgs"],
        ["Financiën"],
        ["schulden", "schuldhulp"],
        [
            "de schuldhulp eerst twee maanden stabiele vaste lasten eist",
            "verkeersboetes buiten de schuldregeling blijven",
        ],
    ),
    (
        1,
        [
            "Pgb-verantwoording te zwaar voor mantelzorger",
            "Zorgkantoor vordert pgb terug",
            "Mantelzorger mag niet uit pgb betaald worden",
        ],
        "pgb mantelzorger zorgkantoor budgethouder verantwoording declaratie "
        "zorgovereenkomst terugvordering",
        ["Wlz", "Wmo"],
        ["Sociale relaties", "Lichamelijke gezondheid"],
        ["pgb", "mantelzorg"],
        [
            "het zorgkantoor elke declaratie apart wil verantwoorden",
            "familieleden maar beperkt uit het budget betaald mogen worden",
        ],
    ),
    (
        2,
        [
            "Gegevens delen met huisarts niet toegestaan",
            "School mag zorgsignaal niet doorgeven",
            "Privacyregels blokkeren gezamenlijk plan",
        ],
        "toestemming gegevens privacyregels zorgsignaal huisarts gegevensdeling "
        "verwerkersovereenkomst signalering",
        ["AVG"],
        ["Psychische gezondheid", "Sociale relaties"],
        ["privacy", "gegevensdeling"],
        [
            "de AVG volgens de jurist geen gegevensdeling zonder toestemming toestaat",
            "elke organisatie een eigen toestemmingsformulier gebruikt",
        ],
    ),
    (
        11,
        [
            "Thuiszitter zonder passende school",
            "Leerplicht en zorg botsen",
            "Vrijstelling leerplicht zonder alternatief",
        ],
        "thuiszitter leerplicht vrijstelling zorgplicht samenwerkingsverband "
        "onderwijszorg schoolplek leerplichtambtenaar",
        ["Lpw", "Wpo"],
        ["Werk en activiteiten", "Psychische gezondheid"],
        ["thuiszitters", "onderwijs"],
        [
            "het samenwerkingsverband geen plek vindt en de zorgplicht bij de oude school blijft",
            "onderwijs en zorg elk naar elkaar wijzen voor de financiering",
        ],
    ),
    (
        0,
        [
            "Inburgering botst met werk",
            "Boete inburgering terwijl er gewerkt wordt",
            "Taaleis blokkeert baan",
        ],
        "inburgering taaleis werkgever examen boete participatieverklaring taalschool lesuren",
        ["Wi", "Pw"],
        ["Werk en activiteiten"],
        ["inburgering", "werk"],
        [
            "de lesuren van de taalschool samenvallen met de werktijden",
            "een boete volgt als het examen niet op tijd is gehaald",
        ],
    ),
    (
        8,
        [
            "Geen uitkering zonder briefadres",
            "Dakloze krijgt geen postadres",
            "Inschrijving BRP geweigerd",
        ],
        "briefadres postadres uitkering inschrijving brp maatschappelijke opvang daklozen "
        "woonadres",
        ["Pw"],
        ["Wonen", "Financiën"],
        ["dakloosheid", "briefadres"],
        [
            "een uitkering pas kan ingaan na inschrijving op een adres",
            "de gemeente een briefadres alleen via de opvang toekent",
        ],
    ),
    (
        1,
        [
            "Traplift afgewezen wegens verhuisplicht",
            "Woningaanpassing duurder dan verhuizing",
            "Goedkoopst adequate oplossing past niet",
        ],
        "traplift woningaanpassing verhuisplicht goedkoopst adequate woningcorporatie "
        "ergotherapeut drempels",
        ["Wmo"],
        ["Wonen", "Lichamelijke gezondheid"],
        ["wmo", "woningaanpassing"],
        [
            "de gemeente de goedkoopst adequate oplossing kiest en verhuizen goedkoper is",
            "er geen passende gelijkvloerse woning beschikbaar is",
        ],
    ),
    (
        11,
        [
            "Ontruiming door huurachterstand",
            "Deurwaarder sneller dan vroegsignalering",
            "Huurachterstand leidt tot vonnis",
        ],
        "huurachterstand ontruiming vonnis woningcorporatie deurwaarder vroegsignalering "
        "incassokosten huurder",
        ["Wgs"],
        ["Wonen", "Financiën"],
        ["huisuitzetting", "schulden"],
        [
            "de corporatie de zaak al aan de deurwaarder heeft overgedragen",
            "de melding van de achterstand pas na drie maanden binnenkomt",
        ],
    ),
    (
        1,
        [
            "Energierekening onbetaalbaar",
            "Afsluiting energie dreigt",
            "Energietoeslag niet ontvangen",
        ],
        "energierekening voorschot energietoeslag isolatie afsluiting energieleverancier "
        "jaarafrekening stookkosten",
        ["Pw"],
        ["Financiën", "Wonen"],
        ["energiearmoede", "schulden"],
        [
            "de energietoeslag alleen wordt uitgekeerd onder een strikte inkomensgrens",
            "de leverancier het voorschot eenzijdig verhoogde",
        ],
    ),
    (
        11,
        [
            "Gat tussen Ziektewet en WIA",
            "WIA-keuring laat op zich wachten",
            "Arbeidsongeschikt zonder inkomen",
        ],
        "ziektewet keuring arbeidsongeschikt wia herbeoordeling uwv verzekeringsarts "
        "loondoorbetaling",
        ["WW", "WIA"],
        ["Werk en activiteiten", "Lichamelijke gezondheid"],
        ["uwv", "inkomen"],
        [
            "de keuring door de verzekeringsarts maanden vertraging heeft",
            "de loondoorbetaling stopt voordat de WIA-beslissing er is",
        ],
    ),
    (
        7,
        [
            "Wajongere verliest baan door loonwaarde",
            "Loonkostensubsidie stopt na herbeoordeling",
            "Jobcoach niet meer vergoed",
        ],
        "wajong loonwaarde baanafspraak jobcoach loonkostensubsidie werkgever "
        "loonwaardemeting arbeidsbeperking",
        ["Wajong", "Pw"],
        ["Werk en activiteiten"],
        ["werk", "arbeidsbeperking"],
        [
            "de loonwaardemeting elk jaar opnieuw moet",
            "de jobcoach alleen in het eerste jaar wordt vergoed",
        ],
    ),
    (
        9,
        [
            "Wanbetalersregeling zorgpremie",
            "Eigen risico maakt zorg onbetaalbaar",
            "Zorgverzekering opgezegd door achterstand",
        ],
        "zorgverzekeraar wanbetaler zorgpremie cak bestuursrechtelijke premie eigen "
        "risico zorgkosten",
        ["Zvw"],
        ["Financiën", "Lichamelijke gezondheid"],
        ["zorgverzekering", "schulden"],
        [
            "het CAK de bestuursrechtelijke premie inhoudt op de uitkering",
            "het eigen risico in één keer betaald moet worden",
        ],
    ),
    (
        6,
        [
            "Wlz-indicatie bij dementie duurt te lang",
            "Verpleeghuisplek niet beschikbaar",
            "Thuiswonend met dementie zonder passende zorg",
        ],
        "dementie wlz-indicatie ciz verpleeghuis wachtlijst thuiswonend casemanager respijtzorg",
        ["Wlz"],
        ["Lichamelijke gezondheid", "Sociale relaties"],
        ["dementie", "ouderen"],
        [
            "het CIZ pas indiceert als de thuissituatie onhoudbaar is",
            "respijtzorg niet beschikbaar is zolang de Wlz-indicatie loopt",
        ],
    ),
    (
        4,
        [
            "Budgetplafond jeugdhulp bereikt",
            "Zorgaanbieder stopt door aanbesteding",
            "Jeugdhulp wacht op nieuw contract",
        ],
        "budgetplafond zorgaanbieder aanbesteding jeugdhulp contract wachttijd inkoop productcode",
        ["Jw"],
        ["Psychische gezondheid", "Sociale relaties"],
        ["jeugdhulp", "inkoop"],
        [
            "het budgetplafond van de aanbieder in oktober al bereikt is",
            "de nieuwe aanbesteding geen contract met de vertrouwde aanbieder opleverde",
        ],
    ),
    (
        10,
        [
            "Systemen wijkteam en werk en inkomen niet gekoppeld",
            "Dubbele registratie in twee dossiers",
            "Koppeling met het portaal faalt",
        ],
        "systeem koppeling registratie dossier handmatig invoer portaal applicatie",
        [],
        ["Zingeving"],
        ["ict", "registratie"],
        [
            "de systemen van wijkteam en werk en inkomen niet gekoppeld zijn",
            "elke wijziging handmatig in twee applicaties moet worden ingevoerd",
        ],
    ),
    (
        9,
        [
            "Geen DigiD, geen aanvraag",
            "Machtiging voor laaggeletterde inwoner werkt niet",
            "Alleen digitaal aanvragen",
        ],
        "digid machtiging laaggeletterd online formulier digitaal inloggen sms-code",
        ["Pw"],
        ["Zingeving", "Werk en activiteiten"],
        ["digitalisering", "laaggeletterdheid"],
        [
            "de aanvraag alleen online met DigiD kan",
            "een machtiging weken duurt en niet voor elke regeling werkt",
        ],
    ),
    (
        5,
        [
            "Maatwerk mag niet van het protocol",
            "Professional durft niet af te wijken",
            "Doorzettingsmacht niet gebruikt",
        ],
        "maatwerk protocol afwijken teamleider doorzettingsmacht verantwoording "
        "werkinstructie professionele ruimte",
        ["Wmo", "Pw"],
        ["Zingeving"],
        ["maatwerk", "professionele-ruimte"],
        [
            "de werkinstructie geen ruimte laat om af te wijken",
            "niemand de doorzettingsmacht durft te gebruiken",
        ],
    ),
    (
        4,
        [
            "Beleidsregel staat maatwerk in de weg",
            "Wethouder moet besluiten over uitzondering",
            "Mandaat ontbreekt voor uitzondering",
        ],
        "mandaat wethouder beleidsregel bestuurlijk escalatie portefeuillehouder "
        "uitvoeringsregel raadsbesluit",
        ["Pw", "Wmo"],
        ["Zingeving", "Financiën"],
        ["bestuur", "beleid"],
        [
            "de beleidsregel strenger is dan de wet vraagt",
            "het mandaat voor een uitzondering bij de wethouder ligt",
        ],
    ),
    (
        7,
        [
            "Geen bewezen interventie beschikbaar",
            "Methodiek past niet bij het gezin",
            "Training ontbreekt voor nieuwe aanpak",
        ],
        "interventie methodiek training effectief aanpak deskundigheid erkenning databank",
        ["Jw"],
        ["Sociale relaties", "Psychische gezondheid"],
        ["interventies", "kennis"],
        [
            "alleen erkende interventies uit de databank worden ingekocht",
            "de professionals niet getraind zijn in de nieuwe aanpak",
        ],
    ),
    (
        11,
        [
            "Geen casusregie bij multiproblematiek",
            "Ketenpartners stemmen niet af",
            "Eén gezin, vijf plannen",
        ],
        "casusregie ketenpartners afstemming regievoerder gezinsplan multiproblematiek "
        "hulpverleners overleg",
        ["Jw", "Wmo"],
        ["Sociale relaties", "Psychische gezondheid"],
        ["samenwerking", "casusregie"],
        [
            "geen enkele organisatie de regie op zich neemt",
            "elke hulpverlener een eigen plan met eigen doelen maakt",
        ],
    ),
    (
        9,
        [
            "Inwoner voelt zich niet gehoord aan het loket",
            "Brieven onbegrijpelijk voor inwoner",
            "Wantrouwen na eerdere afwijzing",
        ],
        "bejegening wantrouwen loket telefonisch uitleg brieven ambtelijke taal klantcontact",
        [],
        ["Zingeving", "Psychische gezondheid"],
        ["bejegening", "communicatie"],
        [
            "de brieven in ambtelijke taal geschreven zijn",
            "de inwoner bij elk telefoontje een andere medewerker treft",
        ],
    ),
    (
        6,
        [
            "Uitstroom beschermd wonen stokt",
            "Geen woning na beschermd wonen",
            "Urgentie geweigerd bij uitstroom",
        ],
        "beschermd wonen uitstroom zelfstandig urgentie woonruimte woonbegeleiding "
        "wachttijd corporatie",
        ["Wmo"],
        ["Wonen", "Psychische gezondheid"],
        ["beschermd-wonen", "huisvesting"],
        [
            "er geen urgentie wordt gegeven bij uitstroom uit beschermd wonen",
            "de woonbegeleiding stopt zodra de inwoner zelfstandig woont",
        ],
    ),
    (
        0,
        [
            "Zoekperiode jongere zonder inkomen",
            "Studiefinanciering stopt bij uitval",
            "Geen bijstand voor student in crisis",
        ],
        "studiefinanciering jongere zoekperiode bijstand duo opleiding uitval studieschuld",
        ["Pw"],
        ["Financiën", "Werk en activiteiten"],
        ["jongeren", "bijstand"],
        [
            "jongeren onder de 27 eerst vier weken zoekperiode hebben",
            "een student geen recht op bijstand heeft zolang de opleiding loopt",
        ],
    ),
    (
        9,
        [
            "Alimentatie telt mee als inkomen",
            "Scheiding leidt tot schulden",
            "Kinderbijslag naar de verkeerde ouder",
        ],
        "scheiding alimentatie kinderbijslag ouderschapsplan omgangsregeling kindgebonden budget",
        ["Pw"],
        ["Financiën", "Sociale relaties"],
        ["scheiding", "toeslagen"],
        [
            "de alimentatie volledig als inkomen meetelt",
            "de kinderbijslag bij de andere ouder binnenkomt",
        ],
    ),
    (
        3,
        [
            "Leerlingenvervoer te laat geregeld",
            "Vervoersvoorziening past niet",
            "Reistijd naar dagbesteding te lang",
        ],
        "leerlingenvervoer taxi vervoersvoorziening reistijd dagbesteding indicatie "
        "taxibus vervoerder",
        ["Wmo", "Wpo"],
        ["Werk en activiteiten", "Lichamelijke gezondheid"],
        ["vervoer", "wmo"],
        [
            "de vervoerder de ritten bundelt en de reistijd verdubbelt",
            "de indicatie voor vervoer apart moet worden aangevraagd",
        ],
    ),
    (
        6,
        [
            "Statushouder wacht op woning",
            "Gezinshereniging zonder passende huisvesting",
            "Taakstelling huisvesting niet gehaald",
        ],
        "statushouder huisvesting gezinshereniging taakstelling woning azc "
        "woningtoewijzing inburgeringsplicht",
        ["Wi"],
        ["Wonen", "Sociale relaties"],
        ["huisvesting", "inburgering"],
        [
            "de woning te klein is zodra het gezin herenigd is",
            "de taakstelling voor huisvesting al maanden achterloopt",
        ],
    ),
    (
        0,
        [
            "Bbz met wisselend inkomen",
            "Verrekening inkomsten zzp'er",
            "Zelfstandige valt buiten de regeling",
        ],
        "zelfstandige bbz wisselend inkomen verrekening inkomstenopgave ondernemer "
        "bedrijfskapitaal",
        ["Pw"],
        ["Financiën", "Werk en activiteiten"],
        ["zzp", "inkomen"],
        [
            "inkomsten per maand worden verrekend terwijl ze per kwartaal binnenkomen",
            "de regeling uitgaat van een vast inkomen",
        ],
    ),
    (
        3,
        [
            "Caseload wijkteam te hoog",
            "Overdracht door personeelsverloop",
            "Vacatures maken wachtlijst wijkteam langer",
        ],
        "caseload personeelstekort vacatures wijkteam werkdruk overdracht wachttijd inhuur",
        ["Wmo", "Jw"],
        ["Sociale relaties"],
        ["capaciteit", "wijkteam"],
        [
            "het wijkteam door vacatures geen nieuwe aanmeldingen aanneemt",
            "elke overdracht het opbouwen van vertrouwen opnieuw laat beginnen",
        ],
    ),
    (
        1,
        [
            "Schotten tussen Jeugdwet en Wmo",
            "Woonplaatsbeginsel bepaalt wie betaalt",
            "Gezinsbudget uit drie potjes",
        ],
        "schotten potjes declaratie financiering gemeentegrens woonplaatsbeginsel "
        "budgethouders domeinen",
        ["Jw", "Wmo"],
        ["Financiën", "Sociale relaties"],
        ["financiering", "budgetschotten"],
        [
            "elk domein uit een eigen budget betaalt",
            "het woonplaatsbeginsel een andere gemeente verantwoordelijk maakt",
        ],
    ),
]

EXTRA_KNELPUNT_TYPES = [
    "Informatievoorziening / ICT",
    "Samenwerking tussen organisaties",
    "Communicatie met de inwoner",
    "Huisvesting",
]

GENERAL_TAGS = (
    "armoede eenzaamheid gezin ouderen jongeren wachttijd bureaucratie wonen werk inkomen "
    "zorg gezondheid onderwijs veiligheid mantelzorg"
).split()

RESIDENTS = [
    "een alleenstaande moeder met twee kinderen",
    "een jongvolwassene van negentien",
    "een gezin met drie kinderen",
    "een oudere man met beginnende dementie",
    "een vrouw die net gescheiden is",
    "een zzp'er met een wisselend inkomen",
    "een vader met een licht verstandelijke beperking",
    "een mantelzorger van een zieke partner",
    "een jongen die al maanden thuiszit",
    "een echtpaar met oplopende schulden",
    "een dakloze man",
    "een meisje dat uit de pleegzorg komt",
    "een weduwe van in de zeventig",
    "een student met een chronische ziekte",
    "een gezin dat net verhuisd is",
    "een inwoner met psychische klachten",
    "een werkende met twee kleine banen",
    "een moeder van een kind met autisme",
    "een man die net uit detentie komt",
    "een jong stel met een baby",
    "een vrouw met chronische pijn",
    "een laaggeletterde vader",
    "een oudere vrouw die slecht ter been is",
    "een statushouder met een groot gezin",
]

ORGANISATIONS = [
    "de gemeente",
    "het UWV",
    "de Belastingdienst",
    "de woningcorporatie",
    "het wijkteam",
    "de zorgverzekeraar",
    "het zorgkantoor",
    "de schuldhulpverlening",
    "de school",
    "de jeugdzorgaanbieder",
    "het CAK",
    "DUO",
    "het CIZ",
    "de bewindvoerder",
    "de huisarts",
    "de ggz-instelling",
    "het sociaal loket",
    "werk en inkomen",
]

EVENTS = [
    "verhuizing",
    "scheiding",
    "ontslag",
    "opname",
    "overlijden van de partner",
    "geboorte van een kind",
    "faillissement",
    "detentie",
    "ziekte",
    "een nieuwe baan",
]

#: Sentence templates: {res} resident, {org} organisation, {a}/{b}/{c} theme words, {bg1}/{bg2}
#: background words (Zipf), {rule} a rule clause of the theme.
TEMPLATES = [
    "{res} liep vast bij {org}: de {a} werd stopgezet en de {b} bleef maanden liggen.",
    "Volgens de regels van {org} telt de {a} mee, waardoor {res} geen recht meer heeft op {b}.",
    "De {a} en de {b} sluiten niet op elkaar aan, dus {res} valt tussen wal en schip.",
    "Omdat {rule}, moest {res} opnieuw een aanvraag doen.",
    "{org} vraagt om een {a} die {res} niet kan leveren zolang de {b} niet rond is.",
    "Het wijkteam zag dat de {a} de {bg1} van het gezin onder druk zette.",
    "Er is geen budget voor de {a} omdat het niet past binnen de {b} van {org}.",
    "De {bg1} en de {bg2} maakten het voor {res} onmogelijk om de {a} op tijd te regelen.",
    "Pas na een {bg1} bleek dat de {a} al eerder had moeten worden aangepast.",
    "Bij de overgang naar de {a} ontstond een gat van drie maanden zonder {c}.",
    "{res} raakte in de problemen met de {c} doordat {rule}.",
    "Niemand voelde zich verantwoordelijk voor de {a}, waardoor de {bg1} verder opliep.",
    "De {a} kwam pas op gang nadat {org} de {bg1} had beoordeeld.",
    "Het knelpunt is dat {rule}.",
    "Zonder {a} kan {res} de {bg1} niet betalen en groeit de {bg2}.",
    "{org} en het wijkteam hanteren elk een andere {b}, waardoor de {a} blijft hangen.",
    "De professional wilde maatwerk bieden, maar de {a} liet geen ruimte voor een {bg1}.",
    "Door de {bg1} kwam de {c} te laat, terwijl {res} juist toen hulp nodig had.",
]

#: Background words: the head of the Zipf distribution, most frequent first.
HEAD_WORDS = """
afspraak brief aanvraag beschikking wachttijd inkomen uitkering hulp zorg budget termijn
bezwaar beslissing regeling formulier loket dossier woning huur contract begeleiding
indicatie schuld rekening betaling werk school gesprek plan onderzoek aanmelding
verhuizing gezin kinderen partner ziekte opname aanbieder wachtlijst telefoon medewerker
toekenning afwijzing herbeoordeling vergoeding bijdrage kosten premie boete aanmaning
incasso achterstand vonnis dagbesteding vervoer opleiding stage baan werkgever
arbeidscontract uren salaris toeslag belasting verklaring bewijsstukken handtekening
machtiging inlogcode website balie spreekuur huisbezoek keukentafelgesprek netwerk buren
familie vrienden mantelzorg vrijwilliger buurthuis kerk moskee huisarts apotheek
medicijnen therapie behandelaar diagnose verwijsbrief spoedeisende crisis veiligheid
politie rechter advocaat jurist bewindvoering budgetcoach thuisadministratie
voedselbank kledingbank energie water internet abonnement telefoonrekening verzekering
hypotheek huurcontract borg inboedel meubels verbouwing aanpassing rolstoel scootmobiel
hulpmiddel thuiszorg wijkverpleging huishoudelijke ondersteuning dagopvang kinderopvang
naschoolse opvang sport zwemles muziekles schoolreis schoolkosten laptop fiets auto
rijbewijs ov-kaart reiskosten parkeervergunning paspoort identiteitskaart verblijfsvergunning
taalles taalmaatje cursus diploma certificaat sollicitatie re-integratie werkervaringsplek
proefplaatsing jobcoach loonkosten arbeidsmarkt vacature uitzendbureau flexcontract
nulurencontract ontslagvergoeding transitievergoeding pensioen aow lijfrente erfenis
""".split()

#: Parts of generated Dutch compounds: the long tail of the vocabulary (rare words).
PREFIXES = """
zorg huur schuld jeugd woon werk inkomens leer taal reis energie budget gezins wijk buurt
school toeslag uitkerings hulp vervoers kinder ouder mantel dag nacht crisis bijstands
pensioen kosten premie belasting ziekte vrijwilligers maatwerk beschermings bewind inloop
opvang thuis zelf netwerk privacy gegevens aanvraag bezwaar termijn indicatie contract
""".split()
MIDDLES = """
budget plan toets regel kosten lijst grens schuld toeslag uren hulp loket team dossier
wacht besluit norm vorm route overleg partner steun plek tarief code signaal
""".split()
SUFFIXES = """
regeling toets grens termijn plan gesprek loket traject aanbieder indicatie budget kosten
achterstand beschikking norm lijst formulier dossier aanvraag melding afspraak coach
consulent team vergoeding bijdrage toeslag schuld rekening verklaring onderzoek besluit
route keten overleg partner situatie verhuizing uren vorm hulp steun plek woning vervoer
periode systeem code nummer
""".split()


# --- the generator -----------------------------------------------------------------------------


@dataclass
class CaseSpec:
    """One fictional case before it is inserted."""

    title: str
    knelpunt: str
    situation: str
    theme: int
    knelpunt_type_id: int
    owner_id: int
    at: datetime
    law_ids: list[int]
    domain_ids: list[int]
    tag_ids: list[int]
    window: str = ""


class Lexicon:
    """Background words by Zipf rank: the head words, then two- and three-part compounds.

    The number of distinct words in a sample keeps growing with its size (Heaps' law), because
    the tail is long (~100,000 generated compounds) and rarely hit."""

    def __init__(self, rng: random.Random, exponent: float = 1.05) -> None:
        pairs = [p + s for p in PREFIXES for s in SUFFIXES if not p.endswith(s) and p != s]
        rng.shuffle(pairs)
        self.head = HEAD_WORDS
        self.pairs = pairs
        self.triples = len(PREFIXES) * len(MIDDLES) * len(SUFFIXES)
        self.size = len(self.head) + len(self.pairs) + self.triples
        weights = (1.0 / (rank**exponent) for rank in range(1, self.size + 1))
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]
        self.rng = rng

    def word_at(self, rank: int) -> str:
        if rank < len(self.head):
            return self.head[rank]
        rank -= len(self.head)
        if rank < len(self.pairs):
            return self.pairs[rank]
        rank -= len(self.pairs)
        # Scatter the ranks over the triples (a fixed permutation: 7919 is prime to the count).
        index = (rank * 7919) % self.triples
        index, s = divmod(index, len(SUFFIXES))
        p, m = divmod(index, len(MIDDLES))
        return PREFIXES[p] + MIDDLES[m] + SUFFIXES[s]

    def word(self) -> str:
        rank = bisect.bisect_left(self.cumulative, self.rng.random() * self.total)
        return self.word_at(min(rank, self.size - 1))


@dataclass
class Vocabulary:
    """Ids of the rows the generator refers to."""

    type_ids: list[int]
    law_ids: dict[str, int]
    domain_ids: dict[str, int]
    tag_ids: dict[str, int]
    professional_ids: list[int]
    all_law_ids: list[int] = field(default_factory=list)
    all_domain_ids: list[int] = field(default_factory=list)


class CorpusGenerator:
    """Fictional cases: Dutch knelpunt texts from templates, themes and a Zipf lexicon."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, now: datetime) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self.now = now
        self.lexicon = Lexicon(rng)
        from leernetwerk.casework.constants import Window

        self.windows = ["", *Window.values]
        # Some knelpunten are far more common than others (a milder Zipf over the themes).
        self.theme_weights = list(accumulate(1.0 / (r**0.8) for r in range(1, len(THEMES) + 1)))
        self.theme_order = list(range(len(THEMES)))
        rng.shuffle(self.theme_order)

    def theme(self) -> int:
        r = self.rng.random() * self.theme_weights[-1]
        return self.theme_order[bisect.bisect_left(self.theme_weights, r)]

    def sentence(self, theme: int) -> str:
        _type, _titles, words, _laws, _domains, _tags, rules = THEMES[theme]
        keys = words.split()
        a, b, c = self.rng.sample(keys, 3)
        text = self.rng.choice(TEMPLATES).format(
            res=self.rng.choice(RESIDENTS),
            org=self.rng.choice(ORGANISATIONS),
            a=a,
            b=b,
            c=c,
            bg1=self.lexicon.word(),
            bg2=self.lexicon.word(),
            rule=self.rng.choice(rules),
        )
        return text[0].upper() + text[1:]

    def knelpunt(self, theme: int) -> str:
        return " ".join(self.sentence(theme) for _ in range(self.rng.randint(2, 4)))

    def title(self, theme: int) -> str:
        title = self.rng.choice(THEMES[theme][1])
        if self.rng.random() < 0.4:
            title += f" na {self.rng.choice(EVENTS)}"
        return title

    def facets(self, theme: int) -> tuple[list[int], list[int], list[int]]:
        _type, _titles, _words, laws, domains, tags, _rules = THEMES[theme]
        v, rng = self.vocabulary, self.rng
        law_ids = [v.law_ids[a] for a in laws if a in v.law_ids and rng.random() < 0.85]
        if rng.random() < 0.1 and v.all_law_ids:
            law_ids.append(rng.choice(v.all_law_ids))
        domain_ids = [v.domain_ids[n] for n in domains if n in v.domain_ids and rng.random() < 0.8]
        if rng.random() < 0.1 and v.all_domain_ids:
            domain_ids.append(rng.choice(v.all_domain_ids))
        tag_ids = [v.tag_ids[t] for t in tags if rng.random() < 0.6]
        if rng.random() < 0.3:
            tag_ids.append(v.tag_ids[rng.choice(GENERAL_TAGS)])
        return sorted(set(law_ids)), sorted(set(domain_ids)), sorted(set(tag_ids))

    def knelpunt_type(self, theme: int) -> int:
        types = self.vocabulary.type_ids
        if self.rng.random() < 0.85:
            return types[THEMES[theme][0] % len(types)]
        return self.rng.choice(types)

    def case(self, at: datetime | None = None, theme: int | None = None) -> CaseSpec:
        theme = self.theme() if theme is None else theme
        law_ids, domain_ids, tag_ids = self.facets(theme)
        if at is None:
            at = self.now - timedelta(seconds=self.rng.uniform(0, DAYS_OF_HISTORY * 86_400))
        return CaseSpec(
            title=self.title(theme),
            knelpunt=self.knelpunt(theme),
            situation=(
                f"{self.rng.choice(RESIDENTS).capitalize()} heeft contact met "
                f"{self.rng.choice(ORGANISATIONS)} en het wijkteam."
            ),
            theme=theme,
            knelpunt_type_id=self.knelpunt_type(theme),
            owner_id=self.rng.choice(self.vocabulary.professional_ids),
            at=at,
            law_ids=law_ids,
            domain_ids=domain_ids,
            tag_ids=tag_ids,
            window=self.rng.choice(self.windows),
        )

    def near_duplicate(self, source, theme: int, at: datetime) -> CaseSpec:
        """A new case clearly like ``source`` (a CasePage with prefetched facets): the same type
        and facets, most of its sentences, one new sentence of the same theme."""
        sentences = [s if s.endswith(".") else s + "." for s in source.knelpunt.split(". ") if s]
        if len(sentences) > 1:
            sentences.pop(self.rng.randrange(len(sentences)))
        sentences.insert(self.rng.randrange(len(sentences) + 1), self.sentence(theme))
        owners = [p for p in self.vocabulary.professional_ids if p != source.owner_id]
        return CaseSpec(
            title=source.title,
            knelpunt=" ".join(sentences),
            situation=source.situation,
            theme=theme,
            knelpunt_type_id=source.knelpunt_type_id,
            owner_id=self.rng.choice(owners),
            at=at,
            law_ids=[law.pk for law in source.laws.all()],
            domain_ids=[domain.pk for domain in source.life_domains.all()],
            tag_ids=[tag.pk for tag in source.tags.all()],
        )


# --- writing the corpus ------------------------------------------------------------------------


def _step(number: int) -> str:
    """One step of a treebeard materialised path (steplen 4, base 36)."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if not 0 < number < len(alphabet) ** 4:
        raise ValueError(f"child number {number} does not fit in one path step")
    digits = ""
    while number:
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    return digits.rjust(4, "0")


def _batches(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_cases(specs: list[CaseSpec]) -> list[int]:
    """Bulk-insert live CasePages under the case index: Page rows (treebeard paths computed
    here), then the casework_casepage rows, then laws, leefgebieden and tags."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from leernetwerk.casework.models import CaseIndexPage, CasePage, CasePageTag

    if not specs:
        return []
    index = CaseIndexPage.objects.get()
    last = (
        Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-4:], 36) if last else 0
    content_type = ContentType.objects.get_for_model(CasePage)
    retention = timezone.localdate() + timedelta(days=3650)
    laws = CasePage._meta.get_field("laws")
    domains = CasePage._meta.get_field("life_domains")
    law_through, domain_through = laws.remote_field.through, domains.remote_field.through
    fields = CasePage._meta.local_concrete_fields
    ids: list[int] = []
    with transaction.atomic():
        for batch in _batches(specs, INSERT_BATCH):
            pages = []
            for spec in batch:
                number += 1
                slug = f"casus-{number}"
                pages.append(
                    Page(
                        title=spec.title,
                        draft_title=spec.title,
                        slug=slug,
                        content_type_id=content_type.pk,
                        path=index.path + _step(number),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=spec.at,
                        last_published_at=spec.at,
                        owner_id=spec.owner_id,
                        locale_id=index.locale_id,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            children = [
                CasePage(
                    page_ptr_id=page.pk,
                    situation=spec.situation,
                    knelpunt=spec.knelpunt,
                    knelpunt_type_id=spec.knelpunt_type_id,
                    window=spec.window,
                    retention_date=retention,
                )
                for page, spec in zip(pages, batch, strict=True)
            ]
            CasePage._base_manager._insert(children, fields=fields, using="default")
            law_rows, domain_rows, tag_rows = [], [], []
            for page, spec in zip(pages, batch, strict=True):
                law_rows += [
                    law_through(
                        **{f"{laws.m2m_field_name()}_id": page.pk},
                        **{f"{laws.m2m_reverse_field_name()}_id": law_id},
                    )
                    for law_id in spec.law_ids
                ]
                domain_rows += [
                    domain_through(
                        **{f"{domains.m2m_field_name()}_id": page.pk},
                        **{f"{domains.m2m_reverse_field_name()}_id": domain_id},
                    )
                    for domain_id in spec.domain_ids
                ]
                tag_rows += [
                    CasePageTag(content_object_id=page.pk, tag_id=tag_id) for tag_id in spec.tag_ids
                ]
            law_through.objects.bulk_create(law_rows)
            domain_through.objects.bulk_create(domain_rows)
            CasePageTag.objects.bulk_create(tag_rows)
            ids += [page.pk for page in pages]
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(specs))
    return ids


def insert_recognitions(rng: random.Random, ids: list[int], specs: list[CaseSpec], now, users):
    """ "Herken ik" on ~10 % of the cases, by 1-3 other professionals, after publication."""
    from leernetwerk.casework.models import Recognition

    rows = []
    for pk, spec in zip(ids, specs, strict=True):
        if rng.random() >= RECOGNISED_SHARE:
            continue
        others = rng.sample(users, rng.randint(1, 3) + 1)
        for user_id in [u for u in others if u != spec.owner_id][:3]:
            at = spec.at + timedelta(seconds=rng.uniform(0, (now - spec.at).total_seconds()))
            rows.append(Recognition(case_id=pk, user_id=user_id, created_at=at))
    Recognition.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def set_up_people_and_vocabularies(rng: random.Random) -> Vocabulary:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from taggit.models import Tag

    from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain
    from leernetwerk.kernel.models import MemberProfile
    from leernetwerk.kernel.roles import Role, role_group

    User = get_user_model()
    first = "Anouk Bram Daan Eva Fatima Gijs Hanna Ilse Jelle Kim Lotte Mees Noor Omar Pim Roos"
    last = "Bakker Dijkstra Jansen Kok Meijer Mulder Peters Smit Visser Vos Willems Yilmaz"
    users = [
        User(
            username=f"bench-professional-{i:03d}",
            email=f"bench-professional-{i:03d}@example.invalid",
            first_name=rng.choice(first.split()),
            last_name=rng.choice(last.split()),
            password=make_password(None),
        )
        for i in range(PROFESSIONALS)
    ]
    managers = [
        User(
            username=f"bench-manager-{i}",
            email=f"bench-manager-{i}@example.invalid",
            password=make_password(None),
        )
        for i in range(MANAGERS)
    ]
    User.objects.bulk_create(users + managers)
    professionals = role_group(Role.PROFESSIONAL)
    manager_group = role_group(Role.MANAGER)
    membership = User.groups.through
    membership.objects.bulk_create(
        [membership(user_id=u.pk, group_id=professionals.pk) for u in users]
        + [membership(user_id=u.pk, group_id=manager_group.pk) for u in managers]
    )
    MemberProfile.objects.bulk_create(
        [
            MemberProfile(user_id=u.pk, display_name=f"{u.first_name} {u.last_name}".strip())
            for u in users + managers
        ]
    )

    types = list(KnelpuntType.objects.order_by("sort_order", "pk"))
    for name in EXTRA_KNELPUNT_TYPES[: max(0, MIN_KNELPUNT_TYPES - len(types))]:
        types.append(KnelpuntType.objects.create(name=name, sort_order=900 + len(types)))
    laws = list(Law.objects.all())
    domains = list(LifeDomain.objects.filter(is_active=True))
    slugs = sorted({t for theme in THEMES for t in theme[5]} | set(GENERAL_TAGS))
    Tag.objects.bulk_create([Tag(name=slug, slug=slug) for slug in slugs], ignore_conflicts=True)
    tags = dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return Vocabulary(
        type_ids=[t.pk for t in types[:MIN_KNELPUNT_TYPES]],
        law_ids={law.abbreviation: law.pk for law in laws if law.abbreviation},
        domain_ids={d.name: d.pk for d in domains},
        tag_ids=tags,
        professional_ids=[u.pk for u in users],
        all_law_ids=[law.pk for law in laws],
        all_domain_ids=[d.pk for d in domains],
    )


def create_patterns(gen: CorpusGenerator, cases_by_theme: dict[int, list[tuple[int, datetime]]]):
    """One pattern per knelpunt type (from a theme of that type), each with linked cases of its
    theme from the window. Returns {pattern id: [linked case ids]}."""
    from taggit.models import Tag

    from leernetwerk.patterns.models import LearningTable, Pattern, PatternCase

    table = LearningTable.objects.order_by("position").first()
    since = gen.now - timedelta(days=330)
    rng, vocabulary = gen.rng, gen.vocabulary
    links: dict[int, list[int]] = {}
    used_themes: set[int] = set()
    for type_index, type_id in enumerate(vocabulary.type_ids):
        themes = [t for t in range(len(THEMES)) if THEMES[t][0] == type_index]
        themes = themes or [t for t in range(len(THEMES)) if t not in used_themes]
        theme = themes[0]
        used_themes.add(theme)
        owner = rng.choice(vocabulary.professional_ids)
        pattern = Pattern.objects.create(
            title=THEMES[theme][1][0],
            description=" ".join(gen.sentence(theme) for _ in range(2)),
            table=table,
            created_by_id=owner,
            owner_id=owner,
            knelpunt_type_id=type_id,
        )
        law_ids, domain_ids, tag_ids = gen.facets(theme)
        pattern.laws.set(law_ids)
        pattern.life_domains.set(domain_ids)
        pattern.tags.add(*Tag.objects.filter(pk__in=tag_ids))
        candidates = [pk for pk, at in cases_by_theme.get(theme, []) if at >= since]
        chosen = rng.sample(candidates, min(LINKS_PER_PATTERN, len(candidates)))
        PatternCase.objects.bulk_create(
            [PatternCase(pattern=pattern, case_id=pk, linked_by_id=owner) for pk in chosen]
        )
        links[pattern.pk] = chosen
    return links


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    latencies_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)
    scan_ms: list[float] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    with_matches: int = 0
    suggested: int = 0
    in_candidate: int = 0
    docs: int = 0
    terms: int = 0
    postings: int = 0
    generate_s: float = 0.0
    index_s: float = 0.0


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def window_start(now: datetime) -> datetime:
    """The same window as ``patterns.suggestions`` (LEERNETWERK_PATTERN_WINDOW_MONTHS)."""
    from leernetwerk.kernel import conf

    return now - timedelta(days=round(conf.get("LEERNETWERK_PATTERN_WINDOW_MONTHS") * 30.44))


def brute_force(doc) -> tuple[list[int], int]:
    """The naive baseline: every case text in the window (any knelpunt type), an exact cosine
    each, then the same score, threshold and ranking as the index (``_match``). Returns the
    best ids and the number of texts scanned."""
    from django.utils import timezone

    from leernetwerk.kernel import conf
    from leernetwerk.patterns.models import SignalDoc
    from leernetwerk.patterns.suggestions import FACET_WEIGHT, MIN_TEXT_SHARE
    from leernetwerk.patterns.text import cosine

    minimum = conf.get("LEERNETWERK_SUGGESTION_MIN_SIMILARITY")
    rows = SignalDoc.objects.filter(
        kind="case",
        signalled_at__gte=window_start(timezone.now()),
    ).values_list("pk", "vector", "facets")
    scored = []
    scanned = 0
    facets = set(doc.facets)
    for pk, vector, other_facets in rows:
        scanned += 1
        if pk == doc.pk:
            continue
        similarity = cosine(doc.vector, vector)
        if similarity < MIN_TEXT_SHARE * minimum:
            continue
        overlap = 0.0
        if facets and other_facets:
            other = set(other_facets)
            overlap = len(facets & other) / len(facets | other)
        score = (1 - FACET_WEIGHT) * similarity + FACET_WEIGHT * overlap
        if score >= minimum:
            scored.append((score, pk))
    scored.sort(reverse=True)
    return [pk for _score, pk in scored[:TOP_K]], scanned


def new_case_specs(gen: CorpusGenerator, count: int, links, cases_by_theme, theme_of) -> list:
    """``count`` new cases published now: near-duplicates of pattern-linked cases, of random
    cases in the window, and fresh ones, in turn."""
    from leernetwerk.casework.models import CasePage

    rng = gen.rng
    linked = [pk for pks in links.values() for pk in pks]
    since = gen.now - timedelta(days=300)
    recent = [pk for pks in cases_by_theme.values() for pk, at in pks if at >= since]
    sources = {}
    plan = []
    for i in range(count):
        kind = i % 3
        if kind == 0 and linked:
            plan.append(rng.choice(linked))
        elif kind == 1 and recent:
            plan.append(rng.choice(recent))
        else:
            plan.append(None)
    wanted = [pk for pk in plan if pk is not None]
    for case in CasePage.objects.filter(pk__in=wanted).prefetch_related(
        "laws", "life_domains", "tags"
    ):
        sources[case.pk] = case
    specs = []
    for i, pk in enumerate(plan):
        at = gen.now + timedelta(seconds=i)
        if pk is None:
            specs.append(gen.case(at=at))
        else:
            specs.append(gen.near_duplicate(sources[pk], theme_of[pk], at))
    return specs


def measure_size(
    result: SizeResult, gen, args, links, cases_by_theme, theme_of, profile: int = 0
) -> list[int]:
    """Publish ``--new`` cases (after a warm-up) and time the path for each; returns the ids
    of the ``profile`` extra cases published for profiling."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from leernetwerk.casework.signals import PUBLISHED
    from leernetwerk.patterns.models import CasePatternSuggestion, PatternCandidate, SignalDoc
    from leernetwerk.patterns.suggestions import case_signal_received, similar_cases

    gen.now = timezone.now()
    count = WARMUP_CASES + args.new + profile
    specs = new_case_specs(gen, count, links, cases_by_theme, theme_of)
    ids = insert_cases(specs)
    for pk, spec in zip(ids, specs, strict=True):
        cases_by_theme.setdefault(spec.theme, []).append((pk, spec.at))
        theme_of[pk] = spec.theme
    warmup, timed, profiled = (
        ids[:WARMUP_CASES],
        ids[WARMUP_CASES : WARMUP_CASES + args.new],
        ids[WARMUP_CASES + args.new :],
    )
    for pk in warmup:
        case_signal_received(case_id=pk, kind=PUBLISHED)
    gc.collect()
    for n, pk in enumerate(timed):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            case_signal_received(case_id=pk, kind=PUBLISHED)
            elapsed = time.perf_counter() - start
        result.latencies_ms.append(elapsed * 1000)
        result.queries.append(len(context.captured_queries))
        if args.sql_out and n == 0:  # the statements of one new case, to see where they go
            with open(args.sql_out, "a", encoding="utf-8") as out:
                out.write(f"-- {len(ids):,} new cases at size {result.size:,}\n")
                out.writelines(f"{q['time']} {q['sql']}\n" for q in context.captured_queries)
        # What the path did, and how good the bounded retrieval is (not timed).
        result.suggested += CasePatternSuggestion.objects.filter(case_id=pk).exists()
        result.in_candidate += PatternCandidate.objects.filter(cases=pk).exists()
        doc = SignalDoc.objects.get(case_id=pk)
        start = time.perf_counter()
        matches = similar_cases(doc)
        search_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        best, scanned = brute_force(doc)
        scan_ms = (time.perf_counter() - start) * 1000
        if n < args.baseline_samples:
            result.search_ms.append(search_ms)
            result.scan_ms.append(scan_ms)
            result.scanned.append(scanned)
        if best:
            found = {m.doc.pk for m in matches[:TOP_K]}
            result.recall.append(len(found & set(best)) / len(best))
        result.with_matches += bool(matches)
    return profiled


def profile_cases(ids: list[int], size: int, dump: str = "") -> None:
    """cProfile of the path for ``ids`` (extra new cases, not in the figures), to stderr."""
    import cProfile
    import io
    import pstats

    from leernetwerk.casework.signals import PUBLISHED
    from leernetwerk.patterns.suggestions import case_signal_received

    profiler = cProfile.Profile()
    profiler.enable()
    for pk in ids:
        case_signal_received(case_id=pk, kind=PUBLISHED)
    profiler.disable()
    if dump:
        profiler.dump_stats(dump)  # for pstats/snakeviz: callers and callees
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    say(f"profile of {len(ids)} more new cases at {size:,} (cumulative):")
    print(out.getvalue(), file=sys.stderr)


# --- the run -----------------------------------------------------------------------------------


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    # Never let a browser-test or Redis setting of the environment redirect this run.
    os.environ.pop("LEERNETWERK_LIVE_DB", None)
    os.environ.pop("REDIS_URL", None)
    for path in (str(REPO), str(REPO / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def run(args) -> list[SizeResult]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from leernetwerk.casework.models import CasePage
    from leernetwerk.patterns.models import SignalDoc, SignalPosting, SignalTerm
    from leernetwerk.patterns.suggestions import rebuild_index

    say(f"migrating a fresh {connection.vendor} database")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("leernetwerk_setup", verbosity=0)
    if CasePage.objects.exists():
        raise SystemExit("The database already holds cases: give an empty one (--database-url).")
    rng = random.Random(args.seed)
    vocabulary = set_up_people_and_vocabularies(rng)
    gen = CorpusGenerator(rng, vocabulary, timezone.now())
    say(
        f"{len(vocabulary.professional_ids)} professionals, {len(vocabulary.type_ids)} knelpunt "
        f"types, {len(vocabulary.law_ids)} laws, {len(vocabulary.domain_ids)} leefgebieden, "
        f"{len(vocabulary.tag_ids)} tags"
    )
    cases_by_theme: dict[int, list[tuple[int, datetime]]] = {}
    theme_of: dict[int, int] = {}
    links: dict[int, list[int]] = {}
    results = []
    for size in args.sizes:
        result = SizeResult(size=size)
        start = time.perf_counter()
        missing = size - CasePage.objects.live().count()
        say(f"size {size:,}: generating {max(missing, 0):,} cases")
        gen.now = timezone.now()
        done = 0
        while done < missing:
            chunk = min(10_000, missing - done)
            specs = [gen.case() for _ in range(chunk)]
            ids = insert_cases(specs)
            insert_recognitions(rng, ids, specs, gen.now, vocabulary.professional_ids)
            for pk, spec in zip(ids, specs, strict=True):
                cases_by_theme.setdefault(spec.theme, []).append((pk, spec.at))
                theme_of[pk] = spec.theme
            done += chunk
            if missing > 10_000:
                say(f"  {done:,} / {missing:,} cases inserted")
        live = CasePage.objects.live().count()
        if live != size:
            raise RuntimeError(f"expected {size} live cases, found {live}")
        if not links:
            links = create_patterns(gen, cases_by_theme)
            say(f"  {len(links)} patterns with {sum(map(len, links.values()))} linked cases")
        result.generate_s = time.perf_counter() - start
        say(f"size {size:,}: rebuilding the suggestion index")
        start = time.perf_counter()
        rebuild_index()
        result.index_s = time.perf_counter() - start
        if connection.vendor == "postgresql":
            # What autovacuum would do shortly after a bulk load; done now so that it does not
            # compete with the timed calls, and the planner has statistics of the new rows.
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            say(f"  VACUUM ANALYZE in {time.perf_counter() - start:.1f} s")
        result.docs = SignalDoc.objects.count()
        result.terms = SignalTerm.objects.count()
        result.postings = SignalPosting.objects.count()
        say(
            f"  indexed {result.docs:,} texts, {result.terms:,} terms, {result.postings:,} "
            f"postings in {result.index_s:.1f} s"
        )
        say(f"size {size:,}: timing {args.new} new cases ({args.baseline_samples} with the scan)")
        profile = args.profile if size == args.sizes[-1] else 0
        profiled = measure_size(result, gen, args, links, cases_by_theme, theme_of, profile)
        say(
            f"  p50 {median(result.latencies_ms):.1f} ms, p95 "
            f"{percentile(result.latencies_ms, 95):.1f} ms, scan p50 "
            f"{median(result.scan_ms):.1f} ms"
        )
        if profiled:
            profile_cases(profiled, size, args.profile_out)
        results.append(result)
    return results


def report(results: list[SizeResult], args, vendor: str, total_s: float) -> None:
    print()
    print(
        f"Suggestion latency per new case ({vendor}, {args.new} new cases per size, "
        f"{args.baseline_samples} scan samples, seed {args.seed})"
    )
    print()
    header = (
        f"{'size':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} | {'queries':>7} | "
        f"{'search p50':>10} | {'scan p50 ms':>11} | {'scanned':>7} | {'scan/indexed':>12} | "
        f"{'recall@10':>9} | {'matched':>7} | {'suggested':>9} | {'candidate':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        n = len(r.latencies_ms)
        ratio = median(r.scan_ms) / median(r.search_ms) if r.search_ms else float("nan")
        recall = f"{statistics.mean(r.recall):.2f}" if r.recall else "-"
        p50, p95 = median(r.latencies_ms), percentile(r.latencies_ms, 95)
        print(
            f"{r.size:>8,} | {p50:>7.1f} | {p95:>7.1f} | {max(r.latencies_ms):>7.1f} | "
            f"{median(r.queries):>7.0f} | "
            f"{median(r.search_ms):>10.1f} | {median(r.scan_ms):>11.1f} | "
            f"{median(r.scanned):>7.0f} | {ratio:>11.1f}x | {recall:>9} | "
            f"{r.with_matches:>3}/{n:<3} | {r.suggested:>5}/{n:<3} | {r.in_candidate:>5}/{n:<3}"
        )
    print()
    print(
        "p50/p95/max: the whole case_signal_received(PUBLISHED) path; queries: median SQL "
        "queries per new case;"
    )
    print(
        "search p50: similar_cases() alone; scan: brute-force cosine over all case texts of the "
        "type in the window;"
    )
    print(
        "scan/indexed: scan p50 / search p50 (same documents); recall@10: share of the scan's "
        "ten best in the index's ten best (all new cases);"
    )
    print(
        "matched / suggested / candidate: new cases with similar cases / a pattern suggestion "
        "/ in a candidate pattern."
    )
    print()
    print(
        f"{'size':>8} | {'texts':>8} | {'terms':>8} | {'postings':>10} | {'generate s':>10} | "
        f"{'index s':>7}"
    )
    for r in results:
        print(
            f"{r.size:>8,} | {r.docs:>8,} | {r.terms:>8,} | {r.postings:>10,} | "
            f"{r.generate_s:>10.1f} | {r.index_s:>7.1f}"
        )
    if len(results) > 1 and results[0].terms:
        first, last = results[0], results[-1]
        beta = math.log(last.terms / first.terms) / math.log(last.docs / first.docs)
        print(f"vocabulary growth (Heaps' law): terms ~ texts^{beta:.2f}")
    print()
    base = results[0]
    base_p50 = median(base.latencies_ms)
    sublinear = True
    for r in results[1:]:
        size_ratio = r.size / base.size
        latency_ratio = median(r.latencies_ms) / base_p50
        sublinear = sublinear and latency_ratio < size_ratio
        print(
            f"growth p50({r.size:,}) / p50({base.size:,}) = {latency_ratio:.2f}x   "
            f"(size ratio {size_ratio:.0f}x)"
        )
    largest = results[-1]
    largest_p50 = median(largest.latencies_ms)
    print()
    print(
        f"{'PASS' if largest_p50 < TARGET_P50_MS else 'FAIL'}: p50 at {largest.size:,} cases is "
        f"{largest_p50:.1f} ms (target < {TARGET_P50_MS:.0f} ms)"
    )
    if len(results) > 1:
        print(
            f"{'PASS' if sublinear else 'FAIL'}: sub-linear growth (latency ratio < size ratio "
            "at every size)"
        )
    print(f"total run time {total_s:.0f} s")
    print(
        f"load average (1 min) at the start {LOAD_AT_START:.2f}, at the end "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (this run adds about 1; more means "
        "something else was busy too, and the figures are noisier)"
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        type=lambda text: sorted(int(s) for s in text.split(",") if s.strip()),
        help="corpus sizes, grown in this order (default 1000,10000,100000)",
    )
    parser.add_argument("--new", type=int, default=30, help="new cases timed per size")
    parser.add_argument("--baseline-samples", type=int, default=5, help="new cases also scanned")
    parser.add_argument(
        "--database-url",
        default="",
        help="an EMPTY database (default: a SQLite file in a temporary folder)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="after the timed cases at the largest size, profile N more (cProfile, to stderr)",
    )
    parser.add_argument(
        "--sql-out",
        default="",
        metavar="FILE",
        help="append the SQL statements of the first timed new case at each size to FILE",
    )
    parser.add_argument(
        "--profile-out",
        default="",
        metavar="FILE",
        help="with --profile, also write the cProfile data to FILE (for pstats or snakeviz)",
    )
    args = parser.parse_args(argv)
    if not args.sizes or args.sizes[0] < 50:
        parser.error("--sizes needs sizes of at least 50 cases")
    if args.new < 1:
        parser.error("--new must be at least 1")
    args.baseline_samples = max(0, min(args.baseline_samples, args.new))
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leernetwerk-bench-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'suggestions.sqlite3'}"
        set_up_django(url)
        from django.db import connection, connections

        try:
            results = run(args)
            vendor = connection.vendor
        finally:
            connections.close_all()
    report(results, args, vendor, time.monotonic() - STARTED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
