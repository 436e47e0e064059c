"""A trigram index of surnames in the person index, for searches on PostgreSQL.

On PostgreSQL only (the pg_trgm extension); on other databases this migration does nothing.
The index is not in the model's Meta because other databases cannot build it.
"""

from django.db import migrations

INDEX = "key_last_key_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_personsearchkey "
        "USING gin (last_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: other things may use it.
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_index")]

    operations = [migrations.RunPython(create_index, drop_index)]
