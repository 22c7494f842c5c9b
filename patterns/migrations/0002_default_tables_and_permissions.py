from django.db import migrations

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
    from patterns.seed import seed_learning_tables

    seed_learning_tables(apps)
    grant_permissions(apps, "patterns", GRANTS)


class Migration(migrations.Migration):
    """The default ladder of learning tables (Tilburg model) and the roles' pattern permissions."""

    dependencies = [
        ("patterns", "0001_initial"),
        ("casework", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
