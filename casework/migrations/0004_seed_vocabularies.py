from django.db import migrations

CASEWORK_GRANTS = {
    "Managers": [
        "add_organisation", "change_organisation", "view_organisation",
        "add_lifedomain", "change_lifedomain", "view_lifedomain",
        "add_law", "change_law", "view_law",
        "add_knelpunttype", "change_knelpunttype", "view_knelpunttype",
        "add_organisationkind", "change_organisationkind", "view_organisationkind",
        "add_sensitivename", "change_sensitivename", "delete_sensitivename", "view_sensitivename",
        "view_privacyoverride",
    ],
    "Redacteuren": [
        "view_organisation", "view_lifedomain", "view_law", "view_knelpunttype",
    ],
}


def forward(apps, schema_editor):
    from casework.roles import grant_permissions
    from casework.seed import seed_vocabularies

    seed_vocabularies(apps)
    grant_permissions(apps, "casework", CASEWORK_GRANTS)


class Migration(migrations.Migration):
    """The starting vocabularies (leefgebieden, laws, knelpunt types, organisation kinds) and the
    managers' permissions to maintain them. Idempotent."""

    dependencies = [("casework", "0003_case_details_discussion_vocabularies")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
