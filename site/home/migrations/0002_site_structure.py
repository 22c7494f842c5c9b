from django.db import migrations


def forward(apps, schema_editor):
    from home.structure import ensure_site_structure

    ensure_site_structure(apps)


class Migration(migrations.Migration):
    """The page-tree skeleton (home, cases index, pattern board, sessions index, lessons index),
    the default site and the roles' page permissions. Idempotent."""

    dependencies = [
        ("home", "0001_initial"),
        ("casework", "0002_role_groups"),
        ("patterns", "0002_default_tables_and_permissions"),
        ("learning", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
