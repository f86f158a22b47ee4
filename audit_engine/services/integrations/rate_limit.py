"""One API rate limit per token, whatever the number of workers or nodes.

Counted in the database by minute. The estimate over the last 60 seconds weighs the previous
minute by the part of it still inside the window (the sliding-window approximation), so a
burst at a minute's edge cannot pass twice the limit. A minute that is over no longer changes:
each process reads its count once (`ClosedMinutes`), so a request costs one upsert.
"""

from __future__ import annotations

import math
from datetime import datetime

from audit_engine.storage.rate_counts import count_request


class ClosedMinutes:
    """Per process: the count of each token's previous minute, read once that minute ended."""

    def __init__(self) -> None:
        self.counts: dict[tuple[int, int], int] = {}

    def get(self, token_id: int, minute: int) -> int | None:
        return self.counts.get((token_id, minute))

    def keep(self, token_id: int, minute: int, count: int) -> None:
        if len(self.counts) > 10_000:  # older minutes are of no use any more
            self.counts = {k: v for k, v in self.counts.items() if k[1] >= minute}
        self.counts[(token_id, minute)] = count


def retry_after(engine, now: datetime, token_id: int, per_minute: int,
                closed: ClosedMinutes | None = None) -> int | None:
    """Count this request; None when it is within `per_minute`, else the seconds to wait."""
    if per_minute <= 0:
        return None
    seconds = now.timestamp()
    whole, into = divmod(seconds, 60.0)
    minute = int(whole)
    known = closed.get(token_id, minute - 1) if closed else None
    current, previous = count_request(engine, token_id, minute, known)
    if closed and known is None:
        closed.keep(token_id, minute - 1, previous)
    if current + previous * (60.0 - into) / 60.0 <= per_minute:
        return None
    if current > per_minute:  # over within this minute alone: wait for the next one
        return max(1, math.ceil(60.0 - into))
    # the previous minute's share shrinks as time passes: wait until it is small enough
    excess = current + previous * (60.0 - into) / 60.0 - per_minute
    return max(1, math.ceil(excess * 60.0 / previous))
