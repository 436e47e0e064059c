"""Read an OpenID Connect provider's endpoints from its discovery document, once, when the
settings load (production, with FRONTDOOR_OIDC_ISSUER set)."""

from __future__ import annotations

import json
import urllib.request


def discover(issuer: str, timeout: float = 10) -> tuple[str, str, str, str]:
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https issuer)
        document = json.load(response)
    return (
        document["authorization_endpoint"],
        document["token_endpoint"],
        document.get("userinfo_endpoint", ""),
        document["jwks_uri"],
    )
