"""CIN census rules: assessments."""

from __future__ import annotations
