"""Seed the default pipeline of DOMAIN.md; each organisation can change it afterwards."""

from django.db import migrations

DEFAULT_STAGES = [
    # key, Swedish, English, kind, position, is entry
    ("received", "Inkommen", "Received", "open", 10, True),
    ("screening", "Beredning", "Screening", "open", 20, False),
    ("refinement", "Förädling", "Refinement", "open", 30, False),
    ("test", "Test", "Test", "open", 40, False),
    ("evaluation", "Utvärdering", "Evaluation", "open", 50, False),
    ("implemented", "Införd/spridd", "Implemented and spread", "done", 60, False),
    ("declined", "Avslutad: avböjd", "Closed: declined", "closed", 70, False),
    ("parked", "Avslutad: parkerad", "Closed: parked", "closed", 80, False),
    ("merged", "Avslutad: sammanslagen", "Closed: merged", "closed", 90, False),
]


def seed(apps, schema_editor):
    Stage = apps.get_model("ideas", "Stage")
    for key, name_sv, name_en, kind, position, is_entry in DEFAULT_STAGES:
        Stage.objects.update_or_create(
            key=key,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "kind": kind,
                "position": position,
                "is_entry": is_entry,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
