"""What a new network starts with in the learning app: the roles' model permissions."""

#: The roles' permissions on the learning app's models (granted by a migration and, after a
#: test database flush, by the test fixtures). Session pages have page permissions instead.
LEARNING_GRANTS = {
    "Sessiebeheerders": [
        "add_sessionseries",
        "change_sessionseries",
        "delete_sessionseries",
        "view_sessionseries",
    ],
}

#: The moderation workflow every lesson goes through before it is public.
LESSON_WORKFLOW = "Lessen beoordelen"
LESSON_TASK = "Redactie keurt de les goed"


def ensure_lesson_workflow(apps) -> None:
    """The editors' moderation workflow on every lessons index (a lesson is public, so an editor
    approves it before it goes live). Idempotent; written against an ``apps`` registry."""
    from leernetwerk.kernel.roles import Role

    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    LessonIndexPage = apps.get_model("leernetwerk_learning", "LessonIndexPage")

    indexes = list(LessonIndexPage.objects.all())
    editors = Group.objects.filter(name=Role.EDITOR.value).first()
    if not indexes or editors is None:
        return
    workflow, _ = Workflow.objects.get_or_create(name=LESSON_WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=LESSON_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=LESSON_TASK,
            active=True,
            content_type=ContentType.objects.get_for_model(GroupApprovalTask),
        )
    task.groups.add(editors)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in indexes:
        WorkflowPage.objects.get_or_create(page_id=index.pk, defaults={"workflow": workflow})
