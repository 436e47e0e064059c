"""Safeguarding's events in the child's chronology."""
