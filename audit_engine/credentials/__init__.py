"""Password hashing (argon2-cffi's one home).

Modules:
- `argon`: argon2id password hashes (argon2-cffi).

- `sealed`: Secrets the database holds for us.
"""

from audit_engine.credentials.argon import Argon2Hasher

__all__ = ["Argon2Hasher"]
