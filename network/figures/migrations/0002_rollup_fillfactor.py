"""Room on every page of the kept tables for in-place (HOT) updates, and vacuum them sooner.

Every recount updates the country's and a county's roll-up rows in place;
with full pages each update leaves a dead row and a new index entry behind,
and the national answer slows until autovacuum runs (measured in
bench/national_stats.py: 5 ms instead of 0.5 ms for the headline query).
"""

from django.db import migrations

TABLES = ("figures_areamonthcount", "figures_organizationmonthcount", "figures_fillstate")


class Migration(migrations.Migration):
    dependencies = [("figures", "0001_initial")]

    operations = [
        migrations.RunSQL(
            [
                f"ALTER TABLE {table} SET (fillfactor = 70, "
                "autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)"
                for table in TABLES
            ],
            [
                f"ALTER TABLE {table} RESET (fillfactor, autovacuum_vacuum_scale_factor, "
                "autovacuum_analyze_scale_factor)"
                for table in TABLES
            ],
        ),
    ]
