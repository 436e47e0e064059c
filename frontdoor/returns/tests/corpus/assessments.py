"""Broken-return cases for the assessments rules (see the package docstring)."""

from __future__ import annotations
