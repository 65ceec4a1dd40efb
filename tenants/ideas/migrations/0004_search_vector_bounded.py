"""Index only the first bounds.SEARCH_INDEX_MAX_CHARS characters of long texts.

A tsvector holds at most 1 MB: a longer text made PostgreSQL refuse the whole
row. A generated column's expression cannot be altered in place (PostgreSQL 15),
so the column and its index are dropped and added again; the texts stay.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0003_municipality"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="idea", name="idea_search_gin"),
        migrations.RemoveField(model_name="idea", name="search_vector"),
        migrations.AddField(
            model_name="idea",
            name="search_vector",
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='swedish', weight='A'), '||', django.contrib.postgres.search.SearchVector(django.db.models.functions.text.Left('description', 20000), config='swedish', weight='B'), django.contrib.postgres.search.SearchConfig('swedish')), '||', django.contrib.postgres.search.SearchVector(django.db.models.functions.text.Left('expected_benefit', 20000), config='swedish', weight='C'), django.contrib.postgres.search.SearchConfig('swedish')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name="idea",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="idea_search_gin"
            ),
        ),
    ]
