from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "frontdoor.returns"
    label = "returns"
    verbose_name = "Statutory returns"

    def ready(self) -> None:
        from frontdoor.core.record_checks import register_record_check

        from . import permissions  # noqa: F401  (registers returns.view_returns)
        from .selectors import census_notices

        register_record_check(census_notices)
