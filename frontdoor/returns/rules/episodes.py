"""CIN census rules: episodes."""

from __future__ import annotations
