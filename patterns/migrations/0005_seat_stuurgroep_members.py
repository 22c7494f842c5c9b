from django.db import migrations


def forward(apps, schema_editor):
    from patterns.seed import seat_stuurgroep_members

    seat_stuurgroep_members(apps)


class Migration(migrations.Migration):
    """Stuurgroep members sit at the stuurgroep tables (third order): they decide there."""

    dependencies = [
        ("patterns", "0004_pattern_facets_suggestions_index"),
        ("casework", "0007_doorbraak_notifications_mandate"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
