from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """Cases (casussen), their discussion and the privacy guard: the bottom of the import flow."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leernetwerk.casework"
    label = "leernetwerk_casework"
    verbose_name = _("Casework")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from leernetwerk.casework import publishers  # noqa: F401 (registers its live renderers)
        from leernetwerk.casework.models import CasePage, Comment
        from leernetwerk.casework.signals import PUBLISHED, UNPUBLISHED, send_case_signal_on_commit
        from leernetwerk.casework.threads import comment_changed

        # A changed comment takes its case's cached threads with it (casework/threads.py).
        for signal in (post_save, post_delete):
            signal.connect(
                comment_changed, sender=Comment, weak=False, dispatch_uid=f"ln_threads_{signal}"
            )

        # Cases go live through the case form and through the Wagtail admin alike: relay both
        # as a ``case_signal`` (after commit) for the apps that learn from cases.
        def relay_published(sender, instance, revision=None, **kwargs):
            user_id = getattr(revision, "user_id", None)
            send_case_signal_on_commit(case_id=instance.pk, kind=PUBLISHED, user_id=user_id)

        def relay_unpublished(sender, instance, **kwargs):
            send_case_signal_on_commit(case_id=instance.pk, kind=UNPUBLISHED)

        page_published.connect(
            relay_published, sender=CasePage, weak=False, dispatch_uid="leernetwerk_case_published"
        )
        page_unpublished.connect(
            relay_unpublished,
            sender=CasePage,
            weak=False,
            dispatch_uid="leernetwerk_case_unpublished",
        )
