from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _add_sqlite_functions(sender, connection, **kwargs):  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        from .audit import audit_sealed

        connection.connection.create_function("frontdoor_audit_sealed", 0, audit_sealed)


class CoreConfig(AppConfig):
    name = "frontdoor.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from .converters import RecordIdConverter

        register_converter(RecordIdConverter, "id")
        connection_created.connect(_add_sqlite_functions, dispatch_uid="frontdoor_sqlite_functions")
