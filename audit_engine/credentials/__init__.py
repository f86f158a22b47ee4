"""Password hashing (argon2-cffi's one home)."""

from audit_engine.credentials.argon import Argon2Hasher

__all__ = ["Argon2Hasher"]
