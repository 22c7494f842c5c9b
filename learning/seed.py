"""What a new network starts with in the learning app: the roles' permissions, the sessions and
lessons indexes with their page permissions, and the editors' workflow for lessons. Run by
``manage.py leernetwerk_setup`` (the hook in ``wagtail_hooks``)."""

from leernetwerk.kernel.roles import Role

#: The roles' permissions on the learning app's models. Session pages have page permissions.
LEARNING_GRANTS = {
    Role.SESSION_ADMIN: [
        "add_sessionseries",
        "change_sessionseries",
        "delete_sessionseries",
        "view_sessionseries",
    ],
}

#: Who may do what on the two indexes (Wagtail page permissions).
SESSIONS_INDEX_PERMISSIONS = {Role.SESSION_ADMIN: ["add", "change", "publish"]}
LESSONS_INDEX_PERMISSIONS = {Role.EDITOR: ["add", "change", "publish"], Role.MANAGER: ["add"]}

#: The moderation workflow every lesson goes through before it is public.
LESSON_WORKFLOW = "Lessen beoordelen"
LESSON_TASK = "Redactie keurt de les goed"


def ensure_lesson_workflow(setup) -> None:
    """The editors' moderation workflow on the lessons index (a lesson is public, so an editor
    approves it before it goes live). Idempotent."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from leernetwerk.kernel.roles import role_group
    from leernetwerk.learning.models import LessonIndexPage

    editors = role_group(Role.EDITOR)
    workflow, created = Workflow.objects.get_or_create(
        name=LESSON_WORKFLOW, defaults={"active": True}
    )
    (setup.created if created else setup.found)(f'workflow "{LESSON_WORKFLOW}"')
    task = GroupApprovalTask.objects.filter(name=LESSON_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=LESSON_TASK, active=True)
        setup.created(f'task "{LESSON_TASK}" for "{editors.name}"')
    else:
        setup.found(f'task "{LESSON_TASK}"')
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in LessonIndexPage.objects.all():
        _link, created = WorkflowPage.objects.get_or_create(
            page_id=index.pk, defaults={"workflow": workflow}
        )
        if created:
            setup.created(f'workflow "{LESSON_WORKFLOW}" on "{index.title}"')


def setup_learning(setup) -> None:
    """The learning app's setup step."""
    from leernetwerk.learning.models import LessonIndexPage, SessionIndexPage

    setup.grant("leernetwerk_learning", LEARNING_GRANTS)
    sessions = setup.index_page(
        SessionIndexPage, slug="leersessies", title="Leersessies", title_en="Leersessies"
    )
    setup.page_permissions(sessions, SESSIONS_INDEX_PERMISSIONS)
    lessons = setup.index_page(
        LessonIndexPage, slug="lessen", title="Geleerde lessen", title_en="Lessons learned"
    )
    setup.page_permissions(lessons, LESSONS_INDEX_PERMISSIONS)
    ensure_lesson_workflow(setup)


def uninstall_learning(report) -> None:
    """The lessons workflow and its task (``manage.py leernetwerk_uninstall``)."""
    from wagtail.models import GroupApprovalTask, Workflow

    for workflow in Workflow.objects.filter(name=LESSON_WORKFLOW):
        workflow.delete()
        report.report("deleted", f'workflow "{LESSON_WORKFLOW}"')
    for task in GroupApprovalTask.objects.filter(name=LESSON_TASK):
        task.delete()
        report.report("deleted", f'task "{LESSON_TASK}"')
