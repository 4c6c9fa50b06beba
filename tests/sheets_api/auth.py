"""Service-account OAuth for the local server: a test RSA key, the JWT-bearer token grant and
access-token bookkeeping."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SPREADSHEETS = "https://www.googleapis.com/auth/spreadsheets"
DRIVE = "https://www.googleapis.com/auth/drive"
ALL_SCOPES = (SPREADSHEETS, DRIVE)
TOKEN_LIFETIME = 3599
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


class GrantError(Exception):
    """An OAuth token-endpoint error (``error`` / ``error_description``)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@dataclass
class Grant:
    """An issued access token."""

    email: str
    scopes: tuple[str, ...]
    expires: float


@dataclass
class Authority:
    """Signs nothing, verifies service-account assertions and issues bearer tokens."""

    client_email: str
    project_id: str = "local-sheets-api"
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    key_id: str = field(default_factory=lambda: secrets.token_hex(20))
    tokens: dict[str, Grant] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def private_key_pem(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    def service_account_info(self, token_uri: str) -> dict[str, Any]:
        """The JSON google-auth expects in a service-account key file."""
        return {
            "type": "service_account",
            "project_id": self.project_id,
            "private_key_id": self.key_id,
            "private_key": self.private_key_pem(),
            "client_email": self.client_email,
            "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "universe_domain": "googleapis.com",
        }

    def issue(self, email: str | None = None, scopes: tuple[str, ...] = ALL_SCOPES,
              token: str | None = None, lifetime: float = TOKEN_LIFETIME) -> str:
        """Register a bearer token directly (no JWT needed)."""
        token = token or "ya29.local-" + secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = Grant(email or self.client_email, scopes, time.time() + lifetime)
        return token

    def lookup(self, token: str) -> Grant | None:
        """The grant behind a bearer token, unless unknown or expired."""
        with self.lock:
            grant = self.tokens.get(token)
        if grant is None or grant.expires < time.time():
            return None
        return grant

    def revoke_all(self) -> None:
        with self.lock:
            self.tokens.clear()

    def grant(self, form: dict[str, str], token_uri: str) -> dict[str, Any]:
        """Handle a token-endpoint POST; raises :class:`GrantError`."""
        grant_type = form.get("grant_type", "")
        if grant_type != JWT_GRANT:
            raise GrantError("unsupported_grant_type", f"Invalid grant_type: {grant_type}")
        claims = self.verify(form.get("assertion", ""), token_uri)
        scopes = tuple(str(claims.get("scope", "")).split())
        if not any(s.startswith((SPREADSHEETS, DRIVE)) for s in scopes):
            raise GrantError("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        token = self.issue(str(claims["iss"]), scopes)
        return {"access_token": token, "expires_in": TOKEN_LIFETIME, "token_type": "Bearer"}

    def verify(self, assertion: str, token_uri: str) -> dict[str, Any]:
        """Check the RS256 signature and the claims of a service-account JWT.

        The audience may be the key file's token_uri or Google's token endpoint, which is
        what google-auth puts in ``aud`` whatever the token_uri.
        """
        parts = assertion.split(".")
        if len(parts) != 3:
            raise GrantError("invalid_grant", "Invalid JWT: Malformed.")
        try:
            header = json.loads(_b64decode(parts[0]))
            claims = json.loads(_b64decode(parts[1]))
            signature = _b64decode(parts[2])
        except (ValueError, json.JSONDecodeError):
            raise GrantError("invalid_grant", "Invalid JWT: Malformed.") from None
        if header.get("alg") != "RS256":
            raise GrantError("invalid_grant", "Invalid JWT Signature.")
        try:
            self.key.public_key().verify(
                signature, f"{parts[0]}.{parts[1]}".encode(), padding.PKCS1v15(), hashes.SHA256()
            )
        except InvalidSignature:
            raise GrantError("invalid_grant", "Invalid JWT Signature.") from None
        if claims.get("iss") != self.client_email:
            raise GrantError("invalid_grant", "Invalid JWT Signature.")
        if claims.get("aud") not in (token_uri, GOOGLE_TOKEN_URI):
            raise GrantError("invalid_grant", "Invalid JWT: Failed audience check. The expected "
                                              f"audience is {token_uri}.")
        now = time.time()
        iat, exp = float(claims.get("iat", 0)), float(claims.get("exp", 0))
        if exp < now - 300 or iat > now + 300 or exp - iat > 3600 + 60:
            raise GrantError(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                "timeframe. Check your iat and exp values in the JWT claim.",
            )
        return claims
