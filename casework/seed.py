"""What a new network starts with in casework: the vocabularies (kept as data afterwards: editors
change them), the roles' permissions on them, and the cases index behind its walls. Run by
``manage.py leernetwerk_setup`` (the hook in ``wagtail_hooks``)."""

from leernetwerk.kernel.roles import Role

LIFE_DOMAINS = [
    # name, name in English, scheme, active
    ("Zingeving", "Meaning in life", "8-fasenmodel", True),
    ("Wonen", "Housing", "8-fasenmodel", True),
    ("Financiën", "Finances", "8-fasenmodel", True),
    ("Sociale relaties", "Social relationships", "8-fasenmodel", True),
    ("Lichamelijke gezondheid", "Physical health", "8-fasenmodel", True),
    ("Psychische gezondheid", "Mental health", "8-fasenmodel", True),
    ("Werk en activiteiten", "Work and activities", "8-fasenmodel", True),
    # The six areas of Positieve Gezondheid: a network switches by (de)activating terms.
    ("Lichaamsfuncties", "Bodily functions", "Positieve Gezondheid", False),
    ("Mentaal welbevinden", "Mental well-being", "Positieve Gezondheid", False),
    (
        "Zingeving (Positieve Gezondheid)",
        "Meaningfulness (Positive Health)",
        "Positieve Gezondheid",
        False,
    ),
    ("Kwaliteit van leven", "Quality of life", "Positieve Gezondheid", False),
    ("Meedoen", "Participation", "Positieve Gezondheid", False),
    ("Dagelijks functioneren", "Daily functioning", "Positieve Gezondheid", False),
]

LAWS = [
    ("Wmo 2015", "Wmo"),
    ("Participatiewet", "Pw"),
    ("Jeugdwet", "Jw"),
    ("Wet gemeentelijke schuldhulpverlening", "Wgs"),
    ("Leerplichtwet", "Lpw"),
    ("Wet inburgering", "Wi"),
    ("Zorgverzekeringswet", "Zvw"),
    ("Wet langdurige zorg", "Wlz"),
    ("Wet passend onderwijs", "Wpo"),
    ("Omgevingswet", "Ow"),
    ("WW", "WW"),
    ("WIA", "WIA"),
    ("Wajong", "Wajong"),
    ("AVG", "AVG"),  # the GDPR; law names are proper names, the same in English
]

KNELPUNT_TYPES = [
    ("Wet- en regelgeving", "Laws and regulations"),
    ("Financiering / budgetschotten", "Funding / budget silos"),
    ("Privacy / AVG", "Privacy / GDPR"),
    ("Organisatie / capaciteit", "Organisation / capacity"),
    ("Bestuur / governance", "Governance"),
    ("Professionele cultuur / visie", "Professional culture / vision"),
    ("Institutionele inbedding", "Institutional embedding"),
    ("Kennis / interventies", "Knowledge / interventions"),
    ("Toegang / doelgroep", "Access / target group"),
    ("Ervaring van de inwoner", "The resident's experience"),
]

#: Overgangsmomenten: where mature networks find their knelpunten ("geen": no transition).
TRANSITIONS = [
    ("18-/18+", "Turning 18"),
    ("Uit detentie", "Leaving detention"),
    ("School → werk", "School → work"),
    ("Ziekenhuis/instelling → thuis", "Hospital or institution → home"),
    ("Statushouder → gemeente", "Refugee status holder → municipality"),
    ("Scheiding", "Divorce or separation"),
    ("Geen", "None"),
]

#: The roles' permissions on casework's models (the vocabularies in the admin).
CASEWORK_GRANTS = {
    Role.MANAGER: [
        "add_lifedomain",
        "change_lifedomain",
        "view_lifedomain",
        "add_law",
        "change_law",
        "view_law",
        "add_knelpunttype",
        "change_knelpunttype",
        "view_knelpunttype",
        "add_transition",
        "change_transition",
        "view_transition",
        "view_privacyoverride",
        # The mandaatregister: managers record the mandates their organisation gives.
        "add_mandate",
        "change_mandate",
        "delete_mandate",
        "view_mandate",
    ],
    Role.STUURGROEP: ["view_mandate"],
    Role.EDITOR: ["view_lifedomain", "view_law", "view_knelpunttype", "view_transition"],
}

#: Who may do what on the cases index (Wagtail page permissions).
CASES_INDEX_PERMISSIONS = {
    Role.PROFESSIONAL: ["add"],
    Role.MANAGER: ["add", "change", "publish"],
}


def seed_vocabularies(setup) -> None:
    """The starting leefgebieden, laws, knelpunt types and overgangsmomenten (idempotent; terms
    editors changed are left alone)."""
    from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain, Transition

    made = 0
    for order, (name, name_en, scheme, active) in enumerate(LIFE_DOMAINS, start=1):
        defaults = {"scheme": scheme, "is_active": active, "sort_order": order * 10}
        made += setup.term(LifeDomain, name, name_en, defaults)
    setup.counted(made, len(LIFE_DOMAINS), "leefgebieden")
    made = 0
    for order, (name, abbreviation) in enumerate(LAWS, start=1):
        defaults = {"abbreviation": abbreviation, "sort_order": order * 10}
        made += Law.objects.get_or_create(name=name, defaults=defaults)[1]
    setup.counted(made, len(LAWS), "laws")
    setup.vocabulary(KnelpuntType, KNELPUNT_TYPES, "knelpunt types")
    setup.vocabulary(Transition, TRANSITIONS, "overgangsmomenten")


def remove_cases_from_search_index(setup) -> None:
    """Cases are never in a search index (ADR 0007): entries a database indexed before (0.1
    indexed cases) go."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from leernetwerk.casework.models import CasePage

    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(CasePage))
    removed = entries.count()
    if removed:
        entries.delete()
        setup.changed(f"{removed} cases removed from the search index")


def setup_casework(setup) -> None:
    """Casework's setup step."""
    from leernetwerk.casework.models import CaseIndexPage

    seed_vocabularies(setup)
    setup.grant("leernetwerk_casework", CASEWORK_GRANTS)
    index = setup.index_page(CaseIndexPage, slug="casussen", title="Casussen", title_en="Cases")
    setup.page_permissions(index, CASES_INDEX_PERMISSIONS)
    setup.members_only(index)
    remove_cases_from_search_index(setup)
