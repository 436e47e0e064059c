"""Broken-return cases for the episodes rules (see the package docstring)."""

from __future__ import annotations
