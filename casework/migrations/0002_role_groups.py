from django.db import migrations


def create_role_groups(apps, schema_editor):
    from casework.roles import ensure_permissions_exist, ensure_role_groups

    ensure_permissions_exist(apps, ["wagtailadmin"])
    ensure_role_groups(apps)


class Migration(migrations.Migration):
    """The network's roles as Wagtail groups (idempotent; groups are never removed on reverse,
    because administrators may have added members to them)."""

    dependencies = [
        ("casework", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
