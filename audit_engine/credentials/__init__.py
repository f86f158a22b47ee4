"""Password hashing (argon2-cffi's one home).

Modules:
- `argon`: argon2id password hashes (argon2-cffi).

- `sealed`: Secrets the database holds for us.
- `oidc`: OpenID Connect with one provider: discovery, PKCE, the code exchange and the ID
  token's checks (joserfc and httpx).
"""

from audit_engine.credentials.argon import Argon2Hasher

__all__ = ["Argon2Hasher"]
