"""The quality loop's records. Each aggregate keeps its models in its own package; Django
finds an app's models here."""

__all__: list[str] = []
