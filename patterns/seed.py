"""The ladder of learning tables a new network starts with (Tilburg model)."""

DEFAULT_TABLES = [
    # name, order, position, response days, cadence, active, description
    (
        "Casustafel / team",
        1,
        10,
        14,
        "wekelijks",
        True,
        "Maatwerk in de casus: de professional en het team lossen het zelf op, "
        "de lichtste oplossing eerst.",
    ),
    (
        "Werktafel",
        2,
        20,
        42,
        "maandelijks",
        True,
        "Afdelingen en partners passen een procedure of werkafspraak aan.",
    ),
    (
        "Ambtelijke stuurgroep",
        3,
        30,
        56,
        "zeswekelijks",
        True,
        "Ambtelijke top besluit over budget, mandaat of beleid.",
    ),
    (
        "Bestuurlijke stuurgroep",
        3,
        40,
        90,
        "per kwartaal",
        True,
        "Bestuurders besluiten over beleid en middelen.",
    ),
    (
        "Landelijk signaal",
        4,
        50,
        180,
        "halfjaarlijks",
        False,
        "Signaal aan de ministeries (SZW, VWS, BZK) wanneer wetgeving knelt, "
        "zoals in Tilburgs OnsPact.",
    ),
]


def seed_learning_tables(apps) -> None:
    """Create the default tables (idempotent; tables editors changed are left alone)."""
    LearningTable = apps.get_model("patterns", "LearningTable")
    for name, order, position, days, cadence, active, description in DEFAULT_TABLES:
        LearningTable.objects.get_or_create(
            position=position,
            defaults={
                "name": name,
                "order": order,
                "response_days": days,
                "cadence": cadence,
                "is_active": active,
                "description": description,
            },
        )
