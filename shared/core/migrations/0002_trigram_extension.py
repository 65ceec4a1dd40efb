"""pg_trgm in the public schema, where every tenant's search path finds it.

A tenant migration would create the extension inside the first tenant's schema,
out of sight of all the others.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
