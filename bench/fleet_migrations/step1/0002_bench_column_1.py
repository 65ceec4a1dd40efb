from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="registrationcounter",
            name="bench_column_1",
            field=models.IntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="registrationcounter",
            index=models.Index(fields=["bench_column_1"], name="registry_bench_column_1_idx"),
        ),
    ]
