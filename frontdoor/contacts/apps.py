from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "frontdoor.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        # Registers the contacts app's chronology providers (see people/chronology.py).
        from frontdoor.people.access import register_holder_provider
        from frontdoor.people.involvement import register_involvement_provider
        from frontdoor.people.subject_access import register_subject_access

        from . import chronology  # noqa: F401
        from .holders import contact_holders
        from .involvement import contacts_awaiting_decision
        from .subject_access import contact_records

        register_subject_access(contact_records)
        register_holder_provider(contact_holders)
        register_involvement_provider(contacts_awaiting_decision)
