from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "frontdoor.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Opens referrals and early help from settled decisions, and plugs casework into the
        # chronology and open-involvement registries of the people app.
        from frontdoor.contacts.follow_on import register_follow_on_provider
        from frontdoor.people.access import register_holder_provider
        from frontdoor.people.involvement import register_involvement_provider
        from frontdoor.people.subject_access import register_subject_access

        from . import chronology, handlers, rules  # noqa: F401
        from .holders import casework_holders
        from .involvement import casework_follow_ons, open_casework
        from .subject_access import casework_records

        register_subject_access(casework_records)
        register_holder_provider(casework_holders)
        register_involvement_provider(open_casework)
        register_follow_on_provider(casework_follow_ons)
