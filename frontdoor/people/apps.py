from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "frontdoor.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # Registers the people app's chronology providers (see people/chronology.py).
        from . import chronology_providers  # noqa: F401
