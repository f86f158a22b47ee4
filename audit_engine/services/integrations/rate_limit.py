"""One API rate limit per token, whatever the number of workers or nodes.

Counted in the database by minute. The estimate over the last 60 seconds weighs the previous
minute by the part of it still inside the window (the sliding-window approximation), so a
burst at a minute's edge cannot pass twice the limit.
"""

from __future__ import annotations

import math
from datetime import datetime

from audit_engine.storage.rate_counts import count_request


def retry_after(engine, now: datetime, token_id: int, per_minute: int) -> int | None:
    """Count this request; None when it is within `per_minute`, else the seconds to wait."""
    if per_minute <= 0:
        return None
    seconds = now.timestamp()
    minute, into = divmod(seconds, 60.0)
    current, previous = count_request(engine, token_id, int(minute))
    if current + previous * (60.0 - into) / 60.0 <= per_minute:
        return None
    if current > per_minute:  # over within this minute alone: wait for the next one
        return max(1, math.ceil(60.0 - into))
    # the previous minute's share shrinks as time passes: wait until it is small enough
    excess = current + previous * (60.0 - into) / 60.0 - per_minute
    return max(1, math.ceil(excess * 60.0 / previous))
