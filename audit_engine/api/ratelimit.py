"""Per-token rate limit: a sliding window of one minute, kept in the server process."""

from __future__ import annotations

import math
import threading
import time
from collections import deque


class RateLimiter:
    """At most `per_minute` requests per key in any 60 seconds."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: object) -> int | None:
        """Count one request for `key`; None if allowed, else whole seconds to wait."""
        if self.per_minute <= 0:
            return None
        now = self.clock()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.WINDOW:
                seen.popleft()
            if len(seen) >= self.per_minute:
                return max(1, math.ceil(seen[0] + self.WINDOW - now))
            seen.append(now)
            return None
