from django.db import migrations


def forward(apps, schema_editor):
    from casework.roles import grant_permissions
    from learning.seed import LEARNING_GRANTS

    grant_permissions(apps, "learning", LEARNING_GRANTS)


class Migration(migrations.Migration):
    """Session administrators keep the session series in the admin."""

    dependencies = [
        ("learning", "0002_sessions_series_registrations_minutes"),
        ("casework", "0007_doorbraak_notifications_mandate"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
