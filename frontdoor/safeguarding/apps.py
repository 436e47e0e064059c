from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "frontdoor.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self) -> None:
        # Opens MASH enquiries from settled decisions, and plugs safeguarding into the
        # chronology, open involvement and the work trays.
        from frontdoor.casework.trays import register_tray_collector
        from frontdoor.contacts.follow_on import register_follow_on_provider
        from frontdoor.people.access import register_holder_provider
        from frontdoor.people.involvement import register_involvement_provider
        from frontdoor.people.subject_access import register_subject_access

        from . import chronology, handlers  # noqa: F401
        from .holders import safeguarding_holders
        from .involvement import mash_follow_ons, open_safeguarding
        from .subject_access import safeguarding_records
        from .trays import KINDS, collect_due_items

        register_subject_access(safeguarding_records)
        register_holder_provider(safeguarding_holders)
        register_involvement_provider(open_safeguarding)
        register_follow_on_provider(mash_follow_ons)
        register_tray_collector(collect_due_items, kinds=KINDS)
