"""What a new network starts with in patterns: the ladder of learning tables (Tilburg model;
kept as data afterwards), the roles' permissions, and the pattern board behind its walls. Run by
``manage.py leernetwerk_setup`` (the hook in ``wagtail_hooks``)."""

from leernetwerk.kernel.roles import Role

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


#: The roles' permissions on the patterns app's models.
#: The register of written agreements (issue #21): the tables that change them keep it.
REGISTER_PERMISSIONS = [
    "add_policydocument",
    "change_policydocument",
    "view_policydocument",
    "add_policyversion",
    "change_policyversion",
    "view_policyversion",
]

#: Need categories (trend signals, issue #22): kept by managers and policy officers.
NEED_CATEGORY_PERMISSIONS = [
    "add_needcategory",
    "change_needcategory",
    "delete_needcategory",
    "view_needcategory",
]

PATTERN_GRANTS = {
    Role.PROFESSIONAL: ["add_pattern", "view_pattern", "view_learningtable"],
    Role.MANAGER: [
        "add_pattern",
        "change_pattern",
        "view_pattern",
        "add_patterncase",
        "change_patterncase",
        "delete_patterncase",
        "view_patterncase",
        "view_learningtable",
        "change_learningtable",
        *REGISTER_PERMISSIONS,
        "change_policyitem",
        "view_policyitem",
        *NEED_CATEGORY_PERMISSIONS,
    ],
    Role.STUURGROEP: [
        "change_pattern",
        "view_pattern",
        "view_learningtable",
        *REGISTER_PERMISSIONS,
        "view_policyitem",
    ],
    Role.SESSION_ADMIN: ["view_pattern", "view_learningtable"],
    # Policy officers keep the register's documents in the admin and read its versions and
    # their inbox there (with its export); they draft versions on the front end, where a draft
    # is always a concept: adopting stays with the tables.
    Role.POLICY_OFFICER: [
        "view_pattern",
        "view_learningtable",
        "add_policydocument",
        "change_policydocument",
        "view_policydocument",
        "view_policyversion",
        "view_policyitem",
        *NEED_CATEGORY_PERMISSIONS,
    ],
    Role.EDITOR: [
        "view_pattern",
        "view_learningtable",
        "view_policydocument",
        "view_policyversion",
    ],
}

#: The need categories a new network starts with (trend signals, issue #22): kept as data
#: afterwards, so they are only made while a network has none. (name, English, keywords)
DEFAULT_NEED_CATEGORIES = [
    (
        "Woonruimte",
        "Housing",
        "woning, woonruimte, kamer, onderdak, huisvesting, woonplek, slaapplek",
    ),
    (
        "Inkomen",
        "Income",
        "inkomen, geld, leefgeld, uitkering, voorschot, bijstand, toeslag, betaling",
    ),
    (
        "Schulden",
        "Debts",
        "schuld, schuldhulp, betalingsregeling, achterstand, incasso, deurwaarder, budgetbeheer",
    ),
    (
        "Werk en dagbesteding",
        "Work and daytime activities",
        "werk, baan, stage, stageplek, dagbesteding, opleiding, werkplek, leerwerkplek, "
        "vrijwilligerswerk",
    ),
    (
        "Zorg en ondersteuning thuis",
        "Care and support at home",
        "zorg, thuiszorg, begeleiding, mantelzorg, huishoudelijke, verzorging, hulpmiddel, "
        "rolstoel",
    ),
    (
        "Eén plan en regie",
        "One plan and coordination",
        "contactpersoon, aanspreekpunt, regie, regisseur, plan",
    ),
]

#: The role whose members sit at the stuurgroep tables (third order) by default.
STUURGROEP_ROLE = Role.STUURGROEP


def seed_learning_tables(setup) -> None:
    """The default tables (idempotent; tables editors changed are left alone). A new stuurgroep
    table seats the stuurgroep members' group."""
    from leernetwerk.kernel.roles import role_group
    from leernetwerk.patterns.models import LearningTable

    made = 0
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
        if created and order == 3:
            group = role_group(STUURGROEP_ROLE)
            table.member_groups.add(group)
            setup.created(f'seat for "{group.name}" at the table "{name}"')
        made += created
    setup.counted(made, len(DEFAULT_TABLES), "learning tables")


def seed_need_categories(setup) -> None:
    """The default need categories, only in a network that has none yet (a network that deleted
    them does not get them back)."""
    from leernetwerk.patterns.models import NeedCategory

    if NeedCategory.objects.exists():
        setup.counted(0, len(DEFAULT_NEED_CATEGORIES), "need categories")
        return
    for name, name_en, keywords in DEFAULT_NEED_CATEGORIES:
        NeedCategory.objects.create(name=name, name_en=name_en, keywords=keywords)
    setup.counted(len(DEFAULT_NEED_CATEGORIES), len(DEFAULT_NEED_CATEGORIES), "need categories")


def setup_patterns(setup) -> None:
    """The patterns app's setup step."""
    from leernetwerk.patterns.models import PatternBoardPage

    seed_learning_tables(setup)
    seed_need_categories(setup)
    setup.grant("leernetwerk_patterns", PATTERN_GRANTS)
    board = setup.index_page(
        PatternBoardPage, slug="patronen", title="Patronen", title_en="Patterns"
    )
    setup.members_only(board)
