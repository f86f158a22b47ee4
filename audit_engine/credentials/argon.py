"""argon2id password hashes (argon2-cffi).

Parameters: OWASP's Password Storage Cheat Sheet minimum for argon2id (19 MiB, 2 passes,
1 lane): ~20-40 ms a hash here. RFC 9106's "low memory" choice (64 MiB, 3 passes, 4 lanes)
took ~0.7 s on this 2-core machine under load, which makes sign-in itself a denial of service.
A hash made with other parameters still verifies (they are in the hash string) and is redone
with these at the next sign-in.
"""

from __future__ import annotations


class Argon2Hasher:
    """hash / verify / needs_rehash; the hash string carries its own parameters and salt."""

    def __init__(self, time_cost: int = 2, memory_kib: int = 19 * 1024, lanes: int = 1) -> None:
        from argon2 import PasswordHasher, Type

        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=lanes, type=Type.ID
        )
        self._dummy = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        """True when `password` matches; with no stored hash a dummy one is checked, so an
        unknown account takes as long as a wrong password."""
        from argon2.exceptions import InvalidHashError, VerificationError

        if stored is None:
            if self._dummy is None:
                self._dummy = self._hasher.hash("not a password of anyone's")
            stored = self._dummy
            password = password + "\x00"
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)
