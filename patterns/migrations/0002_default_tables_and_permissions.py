from django.db import migrations

DEFAULT_TABLES = [
    # name, order, position, response days, cadence, active, description
    ("Casustafel / team", 1, 10, 14, "wekelijks", True,
     "Maatwerk in de casus: de professional en het team lossen het zelf op, de lichtste oplossing eerst."),
    ("Werktafel", 2, 20, 42, "maandelijks", True,
     "Afdelingen en partners passen een procedure of werkafspraak aan."),
    ("Ambtelijke stuurgroep", 3, 30, 56, "zeswekelijks", True,
     "Ambtelijke top besluit over budget, mandaat of beleid."),
    ("Bestuurlijke stuurgroep", 3, 40, 90, "per kwartaal", True,
     "Bestuurders besluiten over beleid en middelen."),
    ("Landelijk signaal", 4, 50, 180, "halfjaarlijks", False,
     "Signaal aan de ministeries (SZW, VWS, BZK) wanneer wetgeving knelt, zoals in Tilburgs OnsPact."),
]

GRANTS = {
    "Professionals": ["add_pattern", "view_pattern", "view_learningtable"],
    "Managers": [
        "add_pattern", "change_pattern", "view_pattern",
        "add_patterncase", "change_patterncase", "delete_patterncase", "view_patterncase",
        "view_learningtable", "change_learningtable",
    ],
    "Stuurgroepleden": ["change_pattern", "view_pattern", "view_learningtable"],
    "Sessiebeheerders": ["view_pattern", "view_learningtable"],
    "Redacteuren": ["view_pattern", "view_learningtable"],
}


def forward(apps, schema_editor):
    from casework.roles import grant_permissions

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
    grant_permissions(apps, "patterns", GRANTS)


class Migration(migrations.Migration):
    """The default ladder of learning tables (Tilburg model) and the roles' pattern permissions."""

    dependencies = [
        ("patterns", "0001_initial"),
        ("casework", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
