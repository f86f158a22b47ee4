"""Checkpoints of the trail head, kept outside the database.

A checkpoint is (sequence number, hash of that event, time, why), signed with the current trail
key. They are appended, one JSON line each, to a file under the home (storage/checkpoint_file.py)
at every close and daily by the scheduler. `log verify` holds the trail against them: an event
a checkpoint saw must still be there with the same hash, so deleting the tail and resetting the
head, wiping the trail, or rewriting the chain before a checkpoint is found even by someone
without the key. `restore` writes a signed checkpoint "restored from backup at event N": the
checkpoints written before it that saw events after N describe the history the restore gave
up, so they are set aside (and said so) instead of reported as a cut.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.integrity.trail import TrailKeys, hmac_equal, sign

RESTORED = "restored from backup at event"  # the reason of a restore's checkpoint


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: datetime
    reason: str
    key_id: str | None = None
    mac: str | None = None
    line: int = 0  # 1-based line in the file it was read from

    def signed(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "at": self.at.isoformat(),
                "reason": self.reason, "key": self.key_id}

    def to_line(self) -> str:
        return json.dumps({**self.signed(), "mac": self.mac}, sort_keys=True) + "\n"

    @property
    def restore(self) -> bool:
        """Written by `restore`: the trail went back to this event on purpose."""
        return self.reason.startswith(RESTORED)

    def where(self) -> str:
        return (f"the checkpoint of {self.at:%Y-%m-%d %H:%M:%S} UTC "
                f"({self.reason}, line {self.line})")


def make_checkpoint(seq: int, hash_: str, at: datetime, reason: str,
                    keys: TrailKeys) -> Checkpoint:
    current = keys.current
    secret = keys.get(current) if current is not None else None
    if current is None or secret is None:
        raise ValueError("no current trail key to sign the checkpoint with")
    unsigned = Checkpoint(seq, hash_, at, reason, current)
    return Checkpoint(seq, hash_, at, reason, current, sign(secret, unsigned.signed()))


def parse_line(text: str, line: int) -> Checkpoint:
    """One line of the file; ValueError names what is wrong."""
    try:
        data = json.loads(text)
        return Checkpoint(int(data["seq"]), str(data["hash"]), datetime.fromisoformat(data["at"]),
                          str(data.get("reason", "")), data.get("key"), data.get("mac"), line)
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"checkpoint line {line} is not a checkpoint ({error})") from None


def mac_problem(checkpoint: Checkpoint, keys: TrailKeys | None) -> str | None:
    """Why the checkpoint's signature is wrong, or None (also when it cannot be checked)."""
    key = keys.get(checkpoint.key_id) if keys and checkpoint.key_id else None
    if key is None:
        return None
    if checkpoint.mac is None or not hmac_equal(sign(key, checkpoint.signed()), checkpoint.mac):
        return f"{checkpoint.where()} was altered: its signature does not match"
    return None
