"""PostgreSQL: keep the search tsvector in the heap row (compressed) rather than in TOAST.

A search over common words checks many rows one by one; fetching each vector from TOAST made
that check about twice as slow (bench/bulletin_search.py). MAIN storage still moves a vector
out of line when a row would not fit otherwise. Nothing to do on SQLite.
"""

from django.db import migrations


def _set_storage(schema_editor, storage):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE bulletin_post ALTER COLUMN search_vector SET STORAGE {storage}"
        )


def forwards(apps, schema_editor):
    _set_storage(schema_editor, "MAIN")


def backwards(apps, schema_editor):
    _set_storage(schema_editor, "EXTENDED")


class Migration(migrations.Migration):
    dependencies = [
        ("bulletin", "0002_post_search_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
