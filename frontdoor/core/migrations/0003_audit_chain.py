"""The audit log becomes tamper-evident: every row names the person it is about, where the
request came from, and is chained to the row before it by a keyed hash. Rows already there
are chained in id order (the append-only triggers stand aside while they are). Deletes are
now refused on SQLite too, as on PostgreSQL: the trigger asks `frontdoor_audit_sealed()`,
which the application registers on every SQLite connection and which says 0 only while a
test database is flushed; elsewhere (the sqlite3 shell) the function does not exist and the
delete fails all the same.
"""

from django.db import migrations, models

SQLITE_NO_DELETE = """
CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
WHEN frontdoor_audit_sealed()
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_NO_UPDATE = """
CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


def _postgres_trigger(schema_editor, enabled):
    if schema_editor.connection.vendor == "postgresql":
        state = "ENABLE" if enabled else "DISABLE"
        schema_editor.execute(
            f"ALTER TABLE core_auditevent {state} TRIGGER core_auditevent_append_only"
        )


def chain_existing_rows(apps, schema_editor):
    from frontdoor.core.audit import GENESIS, content_of, row_hash

    AuditEvent = apps.get_model("core", "AuditEvent")
    # (SQLite lost its trigger already: altering a table there rebuilds it without them.)
    _postgres_trigger(schema_editor, enabled=False)
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.object_type == "people.person" and event.object_id.isdecimal():
            event.person_id = int(event.object_id)
        event.prev_hash = previous
        event.row_hash = row_hash(previous, content_of(event))
        event.save(update_fields=["person_id", "prev_hash", "row_hash"])
        previous = event.row_hash
    _postgres_trigger(schema_editor, enabled=True)


def sqlite_triggers(apps, schema_editor):
    """Last, because every AlterField and AddField above rebuilt SQLite's table without its
    triggers. (So must any later migration that alters this table.)"""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_update")
        schema_editor.execute(SQLITE_NO_UPDATE)
        schema_editor.execute(SQLITE_NO_DELETE)


def no_sqlite_delete_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_no_delete")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        migrations.AlterField(
            model_name="auditevent", name="at", field=models.DateTimeField(db_index=True)
        ),
        migrations.AddField(
            model_name="auditevent",
            name="person_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="ip_address",
            field=models.GenericIPAddressField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="session",
            field=models.CharField(blank=True, default="", max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="request_id",
            field=models.CharField(blank=True, default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="path",
            field=models.CharField(blank=True, default="", max_length=300),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["person_id", "at"], name="audit_person_at"),
        ),
        migrations.RunPython(sqlite_triggers, no_sqlite_delete_trigger),
    ]
