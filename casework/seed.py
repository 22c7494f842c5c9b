"""The vocabularies a new network starts with (kept as data afterwards: editors change them)."""

LIFE_DOMAINS = [
    # name, scheme, active
    ("Zingeving", "8-fasenmodel", True),
    ("Wonen", "8-fasenmodel", True),
    ("Financiën", "8-fasenmodel", True),
    ("Sociale relaties", "8-fasenmodel", True),
    ("Lichamelijke gezondheid", "8-fasenmodel", True),
    ("Psychische gezondheid", "8-fasenmodel", True),
    ("Werk en activiteiten", "8-fasenmodel", True),
    # The six areas of Positieve Gezondheid: a network switches by (de)activating terms.
    ("Lichaamsfuncties", "Positieve Gezondheid", False),
    ("Mentaal welbevinden", "Positieve Gezondheid", False),
    ("Zingeving (Positieve Gezondheid)", "Positieve Gezondheid", False),
    ("Kwaliteit van leven", "Positieve Gezondheid", False),
    ("Meedoen", "Positieve Gezondheid", False),
    ("Dagelijks functioneren", "Positieve Gezondheid", False),
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
    ("AVG", "AVG"),
]

KNELPUNT_TYPES = [
    "Wet- en regelgeving",
    "Financiering / budgetschotten",
    "Privacy / AVG",
    "Organisatie / capaciteit",
    "Bestuur / governance",
    "Professionele cultuur / visie",
    "Institutionele inbedding",
    "Kennis / interventies",
    "Toegang / doelgroep",
    "Ervaring van de inwoner",
]

ORGANISATION_KINDS = [
    "Gemeente",
    "Wijkteam",
    "Werk en inkomen",
    "UWV",
    "Zorgaanbieder",
    "GGZ",
    "Woningcorporatie",
    "Schuldhulp",
    "Onderwijs",
    "Politie",
    "Ervaringsdeskundigen",
]

PERSPECTIVES = [
    "Wijkteam",
    "Werk en inkomen / klantmanager",
    "UWV",
    "Zorg",
    "Schuldhulp",
    "Management",
    "Beleid",
    "Inwoner / ervaringsdeskundige",
]


def seed_perspectives(apps) -> None:
    Perspective = apps.get_model("leernetwerk_kernel", "Perspective")
    for order, name in enumerate(PERSPECTIVES, start=1):
        Perspective.objects.get_or_create(name=name, defaults={"sort_order": order * 10})


def seed_vocabularies(apps) -> None:
    """Create the starting vocabularies (idempotent; terms editors changed are left alone)."""
    LifeDomain = apps.get_model("leernetwerk_casework", "LifeDomain")
    Law = apps.get_model("leernetwerk_casework", "Law")
    KnelpuntType = apps.get_model("leernetwerk_casework", "KnelpuntType")
    OrganisationKind = apps.get_model("leernetwerk_kernel", "OrganisationKind")
    for order, (name, scheme, active) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(
            name=name, defaults={"scheme": scheme, "is_active": active, "sort_order": order * 10}
        )
    for order, (name, abbreviation) in enumerate(LAWS, start=1):
        Law.objects.get_or_create(
            name=name, defaults={"abbreviation": abbreviation, "sort_order": order * 10}
        )
    for order, name in enumerate(KNELPUNT_TYPES, start=1):
        KnelpuntType.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    for order, name in enumerate(ORGANISATION_KINDS, start=1):
        OrganisationKind.objects.get_or_create(name=name, defaults={"sort_order": order * 10})
    try:
        apps.get_model("leernetwerk_kernel", "Perspective")
    except LookupError:  # an older migration state, before perspectives existed
        return
    seed_perspectives(apps)
