from django.db import migrations

GRANTS = {
    "Managers": [
        "view_perspective", "add_perspective", "change_perspective",
        "view_memberprofile", "change_memberprofile",
        "view_invitation", "add_invitation", "change_invitation",
        "view_erasurerequest",
    ],
    "Sessiebeheerders": ["view_memberprofile", "view_invitation", "add_invitation", "change_invitation"],
}


def forward(apps, schema_editor):
    from casework.roles import grant_permissions
    from casework.seed import seed_perspectives

    seed_perspectives(apps)
    User = apps.get_model("auth", "User")
    MemberProfile = apps.get_model("casework", "MemberProfile")
    for user in User.objects.filter(member_profile__isnull=True):
        name = f"{user.first_name} {user.last_name}".strip()
        MemberProfile.objects.create(user=user, display_name=name)
    grant_permissions(apps, "casework", GRANTS)


class Migration(migrations.Migration):
    """The perspectives vocabulary, a profile for every existing user, and who may invite."""

    dependencies = [("casework", "0005_membership")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
