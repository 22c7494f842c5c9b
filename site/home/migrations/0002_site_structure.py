from django.db import migrations


class Migration(migrations.Migration):
    """Formerly the demo's page tree; ``manage.py leernetwerk_setup`` (run by ``load_demo``)
    makes it now. Kept, empty, so databases that applied it stay consistent."""

    dependencies = [("home", "0001_initial")]

    operations = []
