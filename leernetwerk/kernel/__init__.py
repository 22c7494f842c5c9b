"""The kernel the apps share: members and accounts, roles and access, notifications, live
updates, the privacy guard and view helpers. Its public modules are listed in ``PUBLIC``;
the apps use nothing else of it (import-linter checks this in CI: ``.importlinter``, contract
``kernel-public``, run by ``scripts/lint-imports.sh``; ADR 0008).

The public modules, by what an app needs them for:

- who is who: ``roles`` (``Role``, the role groups), ``access`` (``has_role``,
  ``is_network_member``, …);
- settings: ``conf`` (every ``LEERNETWERK_*`` setting with its default), ``constants``;
- reads of the shared vocabularies: ``selectors`` (``organisations``, ``perspectives``);
  ``models.vocabularies`` only as the base of an app's own vocabularies (``VocabularyItem``) and
  as a relation's target — the kernel's other models (members, notifications, roles, the live
  log) are private: an app writes them through the kernel's services, never directly;
- writes: ``notifications`` (``notification_send``, ``notifications_forget_subject``), the
  privacy guard ``pii`` (``privacy_check``) with ``guarded`` (the one list of guarded fields per
  model: ``check``, ``texts``, the model and admin form mixins) and ``sanitize`` (comment HTML,
  plain text), ``spreadsheets`` (``neutralise_formula`` for an app's own CSV cells);
- the omgekeerde toets on a decision: ``toets`` (``ReverseTestFields``, its steps and checks);
- a member's displayed name: ``members.names`` (``member_name``: the pseudonym once erased);
- live updates: ``live.publisher`` (``publish``), ``live.renderers`` (``register``, ``ref``),
  ``live.streams`` (stream keys), ``live.selectors`` (``last_event_id``), ``live.services``
  (forgetting a stream), ``live.consumers`` (``LiveStreamConsumer``, the base of an app's
  consumer);
- the web layer: ``views`` (``member_required``, ``error_messages``, …), ``forms`` (form fields),
  ``converters`` (URL converters), ``admin`` (``VocabularyViewSet``);
- caching rendered fragments: ``fragments`` (keys that hold a fragment's whole state, groups a
  change drops at once, ``on_page_change``);
- extension points: ``setup`` (the ``leernetwerk_setup`` hook and its order; ADR 0007),
  ``migration_operations`` (``AdoptOrApply`` for an app's migrations; ADR 0006).

Everything else — ``members`` (accounts, 2FA, invitations, privacy rights, their views),
``models``, ``live.models``, ``checks``, ``seed``, ``wagtail_hooks``, the kernel's own URLs,
routing and consumers — may change without notice. An app that needs more asks for a function in
one of the public modules (a read in ``selectors``, a write in a service), not for another public
module. This package imports nothing, so listing it in ``INSTALLED_APPS`` stays cheap.
"""

#: The kernel's public modules (relative to ``leernetwerk.kernel``); ``.importlinter``'s
#: ``kernel-public`` contract allows exactly these (a test keeps the two lists equal).
PUBLIC = (
    "access",
    "admin",
    "conf",
    "constants",
    "converters",
    "forms",
    "fragments",
    "guarded",
    "live.consumers",
    "live.publisher",
    "live.renderers",
    "live.selectors",
    "live.services",
    "live.streams",
    "members.names",
    "migration_operations",
    "models.vocabularies",
    "notifications",
    "pii",
    "roles",
    "sanitize",
    "selectors",
    "spreadsheets",
    "setup",
    "toets",
    "views",
)
