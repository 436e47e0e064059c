from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "frontdoor.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Opens referrals and early help from settled decisions, and plugs casework into the
        # chronology and open-involvement registries of the people app.
        from frontdoor.people.involvement import register_involvement_provider

        from . import chronology, handlers, rules  # noqa: F401
        from .involvement import open_casework

        register_involvement_provider(open_casework)
