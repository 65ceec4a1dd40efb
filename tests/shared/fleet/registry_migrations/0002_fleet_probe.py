from django.db import migrations, models

POISON_CHECK = """
DO $$ BEGIN
    IF to_regclass('fleet_poison') IS NOT NULL THEN
        RAISE EXCEPTION 'poisoned schema: fleet_poison is here';
    END IF;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="registrationcounter",
            name="fleet_probe",
            field=models.IntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="registrationcounter",
            index=models.Index(fields=["fleet_probe"], name="registry_fleet_probe_idx"),
        ),
        migrations.RunSQL(POISON_CHECK, migrations.RunSQL.noop),
    ]
