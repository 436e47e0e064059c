"""A small OpenID Connect provider for tests, run in a thread on a free localhost port: the
authorization code flow with client_secret_post or basic client authentication, ID tokens
signed RS256 (joserfc) with the nonce the client sent, userinfo by bearer token, JWKS and a
discovery document. Whoever is `signed_in_as` is signed in at once (no consent screen)."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    claims: dict[str, Any]


@dataclass
class Provider:
    client_id: str = "frontdoor"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    signed_in_as: dict[str, Any] = field(default_factory=dict)
    key: RSAKey = field(
        default_factory=lambda: RSAKey.generate_key(
            2048, parameters={"kid": "provider-key-1", "alg": "RS256", "use": "sig"}
        )
    )
    # Sign ID tokens with this key instead (a test of a forged token); None: `key`.
    signing_key: RSAKey | None = None
    # Say the ID token is for this client instead (a token meant for another service).
    audience: str | None = None
    codes: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    url: str = ""

    def start(self) -> Provider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def reply(
                self, status: int, body: Any = None, headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                provider.requests.append(f"GET {url.path}")
                if url.path == "/.well-known/openid-configuration":
                    return self.reply(200, provider.discovery())
                if url.path == "/jwks":
                    return self.reply(200, {"keys": [provider.key.as_dict(private=False)]})
                if url.path == "/authorize":
                    return self.authorize(query)
                if url.path == "/userinfo":
                    bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(bearer)
                    if claims is None:
                        return self.reply(401, {"error": "invalid_token"})
                    return self.reply(200, claims)
                return self.reply(404, {"error": "not_found"})

            def authorize(self, query: dict[str, str]) -> None:
                if (
                    query.get("client_id") != provider.client_id
                    or query.get("response_type") != "code"
                ):
                    return self.reply(400, {"error": "invalid_request"})
                if "openid" not in query.get("scope", "").split():
                    return self.reply(400, {"error": "invalid_scope"})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = Grant(
                    query["client_id"],
                    query["redirect_uri"],
                    query.get("nonce"),
                    dict(provider.signed_in_as),
                )
                back = urlencode({"code": code, "state": query.get("state", "")})
                return self.reply(302, headers={"Location": f"{query['redirect_uri']}?{back}"})

            def do_POST(self) -> None:
                url = urlparse(self.path)
                provider.requests.append(f"POST {url.path}")
                if url.path != "/token":
                    return self.reply(404, {"error": "not_found"})
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                client_id, secret = form.get("client_id"), form.get("client_secret")
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
                if client_id != provider.client_id or secret != provider.client_secret:
                    return self.reply(401, {"error": "invalid_client"})
                grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
                if (
                    form.get("grant_type") != "authorization_code"
                    or grant is None
                    or grant.redirect_uri != form.get("redirect_uri")
                ):
                    return self.reply(400, {"error": "invalid_grant"})
                access_token = secrets.token_urlsafe(24)
                provider.tokens[access_token] = grant.claims
                return self.reply(
                    200,
                    {
                        "access_token": access_token,
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(grant),
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def id_token(self, grant: Grant) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": grant.claims.get("sub", "someone"),
            "aud": self.audience or grant.client_id,
            "iat": now,
            "exp": now + 300,
            **({"nonce": grant.nonce} if grant.nonce else {}),
            **{k: v for k, v in grant.claims.items() if k in ("email", "name")},
        }
        key = self.signing_key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)

    def settings(self) -> dict[str, Any]:
        """What Frontdoor's settings would say, as override_settings arguments."""
        return {
            "FRONTDOOR_OIDC_ENABLED": True,
            "FRONTDOOR_OIDC_ISSUER": self.url,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
        }
