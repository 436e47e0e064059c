from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "frontdoor.contacts"
    label = "contacts"
    verbose_name = "Contacts"

    def ready(self) -> None:
        # Registers the contacts app's chronology providers (see people/chronology.py).
        from frontdoor.people.involvement import register_involvement_provider

        from . import chronology  # noqa: F401
        from .involvement import contacts_awaiting_decision

        register_involvement_provider(contacts_awaiting_decision)
