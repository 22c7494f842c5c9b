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


#: The roles' permissions on the patterns app's models (granted by a migration and, after a
#: test database flush, by the test fixtures).
PATTERN_GRANTS = {
    "Professionals": ["add_pattern", "view_pattern", "view_learningtable"],
    "Managers": [
        "add_pattern",
        "change_pattern",
        "view_pattern",
        "add_patterncase",
        "change_patterncase",
        "delete_patterncase",
        "view_patterncase",
        "view_learningtable",
        "change_learningtable",
    ],
    "Stuurgroepleden": ["change_pattern", "view_pattern", "view_learningtable"],
    "Sessiebeheerders": ["view_pattern", "view_learningtable"],
    "Redacteuren": ["view_pattern", "view_learningtable"],
}

#: The role whose members sit at the stuurgroep tables (third order) by default.
STUURGROEP_GROUP = "Stuurgroepleden"


def seed_learning_tables(apps) -> None:
    """Create the default tables (idempotent; tables editors changed are left alone). The
    stuurgroep tables seat the stuurgroep members' group."""
    LearningTable = apps.get_model("leernetwerk_patterns", "LearningTable")
    Group = apps.get_model("auth", "Group")
    # An early migration seeds the tables before they had member groups.
    seats_groups = any(f.name == "member_groups" for f in LearningTable._meta.get_fields())
    for name, order, position, days, cadence, active, description in DEFAULT_TABLES:
        table, created = LearningTable.objects.get_or_create(
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
        if created and order == 3 and seats_groups:
            group, _created = Group.objects.get_or_create(name=STUURGROEP_GROUP)
            table.member_groups.add(group)


def seat_stuurgroep_members(apps) -> None:
    """Existing networks: stuurgroep tables without member groups get the stuurgroep role."""
    LearningTable = apps.get_model("leernetwerk_patterns", "LearningTable")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name=STUURGROEP_GROUP)
    for table in LearningTable.objects.filter(order=3):
        if not table.member_groups.exists():
            table.member_groups.add(group)
