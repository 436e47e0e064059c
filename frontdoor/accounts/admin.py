# Users and teams are not in the Django admin: they are managed through Frontdoor's own
# audited services, which cannot grant superuser, permissions or another's password.
