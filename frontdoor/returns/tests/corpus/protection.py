"""Broken-return cases for the protection rules (see the package docstring)."""

from __future__ import annotations
