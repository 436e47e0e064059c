"""Casework's events in the child's chronology. Imported by `CaseworkConfig.ready()`."""
