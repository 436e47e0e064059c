from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "frontdoor.staff"
    label = "staff"

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers the staff permissions)
