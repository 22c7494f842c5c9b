"""Migration operations that take over the tables of Leernetwerk 0.1 (ADR 0006).

Leernetwerk 0.1 installed three top-level apps, ``casework``, ``patterns`` and ``learning``,
whose names could collide with a host's apps. From 0.2 on everything lives under
``leernetwerk.*`` with the labels ``leernetwerk_kernel``, ``leernetwerk_casework``,
``leernetwerk_patterns`` and ``leernetwerk_learning``. Each of their initial migrations wraps its
schema operations in ``AdoptOrApply``: on a new database they run as written; on a database
that 0.1 migrated to its last migration, the old tables are renamed instead (data, ids and
foreign keys kept), the content types move to the new labels (so Wagtail pages, revisions,
permissions and the page log keep pointing at them), and ``ForgetLegacyMigrations`` finally
removes 0.1's migration records, so a host may later use those labels for apps of its own.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.db.backends.utils import truncate_name
from django.db.migrations.operations import AddField, CreateModel
from django.db.migrations.operations.base import Operation
from django.db.migrations.recorder import MigrationRecorder

#: The migrations Leernetwerk 0.1 recorded per old label; the last one must be applied.
LEGACY_MIGRATIONS: dict[str, tuple[str, ...]] = {
    "casework": (
        "0001_initial",
        "0002_role_groups",
        "0003_case_details_discussion_vocabularies",
        "0004_seed_vocabularies",
        "0005_membership",
        "0006_seed_perspectives_and_profiles",
        "0007_doorbraak_notifications_mandate",
        "0008_notification_preferences",
    ),
    "patterns": (
        "0001_initial",
        "0002_default_tables_and_permissions",
        "0003_tables_decisions_audit",
        "0004_pattern_facets_suggestions_index",
        "0005_seat_stuurgroep_members",
        "0006_pattern_case_labels",
    ),
    "learning": (
        "0001_initial",
        "0002_sessions_series_registrations_minutes",
        "0003_session_admin_permissions",
        "0004_series_horizon_limit",
        "0005_lesson_facets_provenance_workflow",
    ),
}


class LegacyUpgradeError(DatabaseError):
    """The database holds an older, unfinished Leernetwerk 0.1 schema."""


def legacy_install_found(connection, legacy_label: str) -> bool:
    """True when Leernetwerk 0.1 migrated ``legacy_label`` to its last migration here.

    Only 0.1's own migration names count (a host app of the same label has other ones); a
    partial 0.1 schema is refused with what to do, rather than guessed at.
    """
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    known = LEGACY_MIGRATIONS[legacy_label]
    applied = set(
        recorder.migration_qs.filter(app=legacy_label, name__in=known).values_list(
            "name", flat=True
        )
    )
    if known[-1] in applied:
        return True
    if applied - {"0001_initial"}:
        raise LegacyUpgradeError(
            f"This database holds an unfinished Leernetwerk 0.1 schema of '{legacy_label}' "
            f"(applied: {sorted(applied)}). Migrate it with Leernetwerk 0.1 to "
            f"{known[-1]} first, then upgrade."
        )
    return False


class AdoptOrApply(Operation):
    """Run ``operations`` on a new database; take over 0.1's tables on an old one.

    The state effect is always that of ``operations``, so the migration graph is the same for
    both kinds of database.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, legacy_label: str, operations: list[Operation]):
        self.legacy_label = legacy_label
        self.operations = operations

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"legacy_label": self.legacy_label, "operations": self.operations},
        )

    def describe(self) -> str:
        return f"Create the tables (or take over those of '{self.legacy_label}' 0.1)"

    def state_forwards(self, app_label, state):
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        adopting = legacy_install_found(schema_editor.connection, self.legacy_label)
        for operation in self.operations:
            next_state = from_state.clone()
            operation.state_forwards(app_label, next_state)
            if not adopting:
                operation.database_forwards(app_label, schema_editor, from_state, next_state)
            elif isinstance(operation, CreateModel):
                if not self._adopt_model(app_label, schema_editor, next_state, operation.name):
                    operation.database_forwards(app_label, schema_editor, from_state, next_state)
            elif isinstance(operation, AddField) and operation.field.many_to_many:
                self._adopt_m2m(app_label, schema_editor, next_state, operation)
            # Every other operation (fields, indexes, constraints) is already in 0.1's tables.
            from_state = next_state

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Walk the operations back from the state after all of them.
        states = [to_state]
        for operation in self.operations[:-1]:
            state = states[-1].clone()
            operation.state_forwards(app_label, state)
            states.append(state)
        for operation, before in zip(reversed(self.operations), reversed(states), strict=True):
            after = before.clone()
            operation.state_forwards(app_label, after)
            operation.database_backwards(app_label, schema_editor, after, before)

    # --- taking over --------------------------------------------------------------------------

    def _legacy_table(self, connection, model_name: str) -> str:
        return truncate_name(
            f"{self.legacy_label}_{model_name.lower()}", connection.ops.max_name_length()
        )

    def _rename(self, schema_editor, model, old: str, new: str) -> bool:
        tables = schema_editor.connection.introspection.table_names()
        if old in tables and new not in tables:
            schema_editor.alter_db_table(model, old, new)
            return True
        return False

    def _adopt_model(self, app_label, schema_editor, state, model_name: str) -> bool:
        """Rename 0.1's table of the model; False when 0.1 had no such table."""
        connection = schema_editor.connection
        model = state.apps.get_model(app_label, model_name)
        legacy = self._legacy_table(connection, model_name)
        if not self._rename(schema_editor, model, legacy, model._meta.db_table):
            return False
        for field in model._meta.local_many_to_many:
            self._adopt_auto_m2m(schema_editor, model, legacy, field)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE django_content_type SET app_label = %s WHERE app_label = %s AND model = %s"
                " AND NOT EXISTS (SELECT 1 FROM django_content_type t2"
                " WHERE t2.app_label = %s AND t2.model = %s)",
                [
                    app_label,
                    self.legacy_label,
                    model._meta.model_name,
                    app_label,
                    model._meta.model_name,
                ],
            )
        return True

    def _adopt_m2m(self, app_label, schema_editor, state, operation: AddField) -> None:
        model = state.apps.get_model(app_label, operation.model_name)
        legacy = self._legacy_table(schema_editor.connection, operation.model_name)
        self._adopt_auto_m2m(schema_editor, model, legacy, model._meta.get_field(operation.name))

    def _adopt_auto_m2m(self, schema_editor, model, legacy_table: str, field) -> None:
        through = field.remote_field.through
        if not through._meta.auto_created:
            return
        old = truncate_name(
            f"{legacy_table}_{field.name}", schema_editor.connection.ops.max_name_length()
        )
        self._rename(schema_editor, through, old, through._meta.db_table)


class ForgetLegacyMigrations(Operation):
    """Remove Leernetwerk 0.1's migration records of ``legacy_label`` once its tables are taken
    over, so that label is free for a host's own app afterwards."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, legacy_label: str):
        self.legacy_label = legacy_label

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"legacy_label": self.legacy_label})

    def describe(self) -> str:
        return f"Forget the migration records of '{self.legacy_label}' 0.1"

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if legacy_install_found(connection, self.legacy_label):
            MigrationRecorder(connection).migration_qs.filter(
                app=self.legacy_label, name__in=LEGACY_MIGRATIONS[self.legacy_label]
            ).delete()

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass
