"""Broken-return cases for the identity rules (see the package docstring)."""

from __future__ import annotations
