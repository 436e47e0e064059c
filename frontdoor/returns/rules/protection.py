"""CIN census rules: protection."""

from __future__ import annotations
