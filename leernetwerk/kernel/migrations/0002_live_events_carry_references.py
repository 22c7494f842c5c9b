"""Live events store references from now on (ADR 0009). Events written before stored rendered
HTML — possibly the text of comments removed, hidden or edited since, or a name erased since —
so they are purged, and each stream remembers it was pruned up to its last id: a client resuming
from before is told to reload (as after the 30-day retention), and nothing old is replayed."""

from django.db import migrations
from django.db.models import F


def purge_rendered_events(apps, schema_editor):
    LiveStream = apps.get_model("leernetwerk_kernel", "LiveStream")
    LiveEvent = apps.get_model("leernetwerk_kernel", "LiveEvent")
    LiveStream.objects.update(pruned_through=F("last_id"))
    LiveEvent.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leernetwerk_kernel", "0001_initial"),
    ]

    operations = [
        # Nothing to restore on the way back: the purged events only held copies.
        migrations.RunPython(purge_rendered_events, migrations.RunPython.noop),
    ]
