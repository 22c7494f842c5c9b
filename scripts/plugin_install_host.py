"""The host side of the plugin install proof: what an administrator of the new site would do or
look up, run inside the project by ``scripts/plugin-install-check.sh`` through its own
``manage.py shell`` (the project's settings, never the repository's ``site/``).

Actions (the first argument; the second is a JSON file shared between the actions):

* ``host-prepare``: before the plugin comes (profile ``clash``): rows in the host's own apps
  ``learning`` and ``patterns``, and a host group "Managers" with the host's own permission and
  a member, ``hostmanager``.
* ``users``: after the install: two professionals and a manager through the kernel's role API
  (as the admin would add people to the plugin's groups), then writes the URLs the HTTP client
  needs (found through the pages ``leernetwerk_setup`` made and the URL names) and the host's own
  pages, to compare after the uninstall. With a host "Managers" group: its member holds no role.
* ``after-uninstall``: no table, content type or page of the plugin is left; the host's pages,
  group, member and app rows are.

Any failure exits 1 saying what failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PASSWORD = "smoke-test-not-secret"  # noqa: S105 (a throwaway project on 127.0.0.1)
HOST_GROUP = "Managers"
HOST_APPS = ("learning", "patterns")


def fail(message: str) -> None:
    print(f"plugin-install-check: FAIL: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def say(message: str) -> None:
    print(f"  {message}", flush=True)


def host_models():
    from django.apps import apps

    return [apps.get_app_config(label).get_model("Note") for label in HOST_APPS]


def host_prepare(state: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    for model in host_models():
        model.objects.create(text=f"Een notitie van de host in {model._meta.app_label}")
    group = Group.objects.create(name=HOST_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    member = get_user_model().objects.create_user("hostmanager", password=PASSWORD)
    member.groups.add(group)
    state["host_group_id"] = group.pk
    state["host_member"] = member.username
    say(
        f"host apps {', '.join(HOST_APPS)} have a note each; host group {HOST_GROUP!r} has a member"
    )


def users(state: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from wagtail.models import Page

    from leernetwerk.kernel.access import user_roles
    from leernetwerk.kernel.roles import Role, role_group

    User = get_user_model()
    accounts = {
        "professional": ("fatima", Role.PROFESSIONAL),
        "colleague": ("noor", Role.PROFESSIONAL),
        "manager": ("marieke", Role.MANAGER),
    }
    for key, (username, role) in accounts.items():
        user = User.objects.create_user(username, password=PASSWORD, first_name=username.title())
        user.groups.add(role_group(role))
        state[key] = username
        say(f"{username}: {role_group(role).name}")
    state["password"] = PASSWORD

    plugin_types = ContentType.objects.filter(app_label__startswith="leernetwerk_")
    lessons = plugin_index("LessonIndexPage")
    state["urls"] = {
        "login": reverse("login"),
        "cases": plugin_index("CaseIndexPage").get_url(),
        "case_create": reverse("leernetwerk_casework:case_create"),
        "board": plugin_index("PatternBoardPage").get_url(),
        "sessions": plugin_index("SessionIndexPage").get_url(),
        "calendar": reverse("leernetwerk_learning:calendar_all"),
        "lessons": lessons.get_url(),
        "lessons_feed": lessons.get_url() + lessons.reverse_subpage("rss"),
        "lessons_api": reverse("leernetwerk_api:lessons:listing"),
        "directory": reverse("leernetwerk_members:directory"),
        "search": reverse("search"),
    }
    state["lessons_title"] = lessons.title
    state["host_pages"] = sorted(
        Page.objects.exclude(content_type__in=plugin_types).values_list("pk", flat=True)
    )
    say("URLs: " + ", ".join(f"{key} {url}" for key, url in state["urls"].items()))

    if "host_group_id" in state:
        member = User.objects.get(username="hostmanager")
        roles = user_roles(member)
        if roles:
            fail(f"the host group {HOST_GROUP!r} gave its member the plugin's roles {roles}")
        ours = {role_group(role).pk for role in Role.values}
        if state["host_group_id"] in ours:
            fail(f"the plugin adopted the host group {HOST_GROUP!r} as one of its role groups")
        for model in host_models():
            if not model.objects.exists():
                fail(f"the host app {model._meta.app_label}'s note is gone after the install")
        say(
            f"the host group {HOST_GROUP!r} is not ours; its member holds no role; host apps intact"
        )


def plugin_index(model_name: str):
    """The live page of this plugin page type that ``leernetwerk_setup`` made."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    types = ContentType.objects.filter(
        app_label__startswith="leernetwerk_", model=model_name.lower()
    )
    page = Page.objects.live().filter(content_type__in=types).first()
    if page is None:
        fail(f"leernetwerk_setup made no live {model_name}")
    return page.specific


def after_uninstall(state: dict) -> None:
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.models import Page

    tables = [t for t in connection.introspection.table_names() if t.startswith("leernetwerk")]
    if tables:
        fail(f"tables of the plugin are left after the uninstall: {', '.join(sorted(tables))}")
    types = list(
        ContentType.objects.filter(app_label__startswith="leernetwerk").values_list(
            "app_label", "model"
        )
    )
    if types:
        fail(f"content types of the plugin are left after the uninstall: {types}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT app FROM django_migrations WHERE app LIKE 'leernetwerk%%'")
        records = sorted({row[0] for row in cursor.fetchall()})
    if records:
        fail(f"migration records of the plugin are left after the uninstall: {records}")
    pages = sorted(Page.objects.values_list("pk", flat=True))
    if pages != state["host_pages"]:
        fail(f"the host's page tree changed: pages {state['host_pages']} before, {pages} after")
    say(f"no table, content type or migration record of ours; the host's {len(pages)} pages remain")
    if "host_group_id" in state:
        group = Group.objects.filter(pk=state["host_group_id"], name=HOST_GROUP).first()
        if group is None or not group.user_set.filter(username="hostmanager").exists():
            fail(f"the uninstall removed the host group {HOST_GROUP!r} or its member")
        for model in host_models():
            if not model.objects.exists():
                fail(f"the host app {model._meta.app_label}'s note is gone after the uninstall")
        say(f"the host group {HOST_GROUP!r}, its member and the host apps' rows remain")


ACTIONS = {"host-prepare": host_prepare, "users": users, "after-uninstall": after_uninstall}


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ACTIONS:
        fail(f"usage: plugin_install_host.py {{{','.join(ACTIONS)}}} STATE.json")
    state_file = Path(argv[1])
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    ACTIONS[argv[0]](state)
    state_file.write_text(json.dumps(state, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
