"""The quality loop: the weekly case review meeting, decision audits with moderation, call
monitoring with feedback, and what partners tell us. A package per aggregate."""
