"""Twenty-four ways to tamper with an installation, as data for test_tamper.py.

Each case changes a copy of a closed audit's installation the way someone with database or
file access would. `key_only` marks the cases nobody can find without the trail key (the chain
rewritten with a forged key and no checkpoint left to hold it against); every other case must
be found by structure, checkpoints and the deep comparison alone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import text
from sqlmodel import Session

from audit_engine.domain.integrity.trail import GENESIS, event_body, event_hash
from audit_engine.storage.trail import event_records


@dataclass(frozen=True)
class Case:
    name: str
    tamper: object  # (app, world: dict) -> None
    key_only: bool = False


def sql(app, statement: str, **params) -> None:
    with app.engine.begin() as connection:
        connection.execute(text(statement), params)


def events(app) -> list:
    with Session(app.engine) as session:
        return list(event_records(session))


def set_head(app, seq: int, hash_: str, key_id: str | None) -> None:
    sql(app, "UPDATE trail_head SET seq=:s, hash=:h, key_id=:k", s=seq, h=hash_, k=key_id)


def rewrite_from(app, start: int, edit, sign) -> None:
    """Apply `edit` to event #start, then re-chain every later event with `sign(record)`."""
    records = events(app)
    prev = records[start - 2].hash if start > 1 else GENESIS
    for record in records[start - 1:]:
        record = edit(record) if record.seq == start else record
        record = replace(record, prev_hash=prev)
        record = sign(record)
        prev = record.hash
        sql(app, "UPDATE audit_event SET payload=:p, prev_hash=:ph, hash=:h, key_id=:k, "
                 "audit_id=:a WHERE seq=:s", p=record.payload, ph=record.prev_hash,
            h=record.hash, k=record.key_id, a=record.audit_id, s=record.seq)
    set_head(app, records[-1].seq, prev, records[-1].key_id if sign is not plain else None)


def plain(record):
    record = replace(record, key_id=None)
    return replace(record, hash=event_hash(record))


def forged_key(record):
    """A chain re-signed with a key the attacker made up, keeping the key id."""
    forged = hmac.new(b"attacker" * 4, event_body(record), hashlib.sha256).hexdigest()
    return replace(record, hash=forged)


def _payload_edit(field, value):
    def edit(record):
        payload = json.loads(record.payload)
        payload[field] = value
        return replace(record, payload=json.dumps(payload, sort_keys=True,
                                                  separators=(",", ":")))
    return edit


def first(app, action: str):
    return next(e for e in events(app) if e.action == action)


# ---- the trail --------------------------------------------------------------------------------

def truncate_and_fix_head(app, world):
    records = events(app)
    sql(app, "DELETE FROM audit_event WHERE seq > :s", s=records[-3].seq)
    set_head(app, records[-3].seq, records[-3].hash, records[-3].key_id)


def wipe_trail(app, world):
    sql(app, "DELETE FROM audit_event")
    set_head(app, 0, GENESIS, None)


def wipe_trail_and_head_row(app, world):
    sql(app, "DELETE FROM audit_event")
    sql(app, "DELETE FROM trail_head")


def delete_middle_event(app, world):
    sql(app, "DELETE FROM audit_event WHERE seq = 5")


def reorder_events(app, world):
    sql(app, "UPDATE audit_event SET seq = -1 WHERE seq = 6")
    sql(app, "UPDATE audit_event SET seq = 6 WHERE seq = 7")
    sql(app, "UPDATE audit_event SET seq = 7 WHERE seq = -1")


def reset_head(app, world):
    record = events(app)[4]
    set_head(app, record.seq, record.hash, record.key_id)


def edit_event_payload(app, world):
    record = first(app, "answer.record")
    payload = json.loads(record.payload)
    payload["result"] = "non_compliant"
    sql(app, "UPDATE audit_event SET payload=:p WHERE seq=:s", p=json.dumps(payload), s=record.seq)


def recompute_chain_plain(app, world):
    rewrite_from(app, first(app, "audit.submit").seq, _payload_edit("to", "review"), plain)


def recompute_chain_forged_key(app, world):
    rewrite_from(app, first(app, "audit.approve").seq, _payload_edit("note", "x"), forged_key)


def recompute_chain_forged_key_and_drop_checkpoints(app, world):
    rewrite_from(app, 2, _payload_edit("name", "Mallory"), forged_key)
    app.settings.checkpoint_path.unlink()


def append_forged_event(app, world):
    last = events(app)[-1]
    record = replace(last, seq=last.seq + 1, prev_hash=last.hash, action="user.add",
                     subject="user:mallory@example.com", audit_id=None, payload="{}")
    record = forged_key(record)
    sql(app, "INSERT INTO audit_event (seq, at, actor, action, subject, audit_id, payload, "
             "prev_hash, hash, key_id) VALUES (:seq, :at, :actor, :action, :subject, NULL, "
             ":payload, :prev_hash, :hash, :key_id)",
        **{k: v for k, v in record.__dict__.items() if k != "audit_id"})
    set_head(app, record.seq, record.hash, record.key_id)


def append_unkeyed_event(app, world):
    last = events(app)[-1]
    record = plain(replace(last, seq=last.seq + 1, prev_hash=last.hash, action="user.add",
                           subject="user:mallory@example.com", payload="{}"))
    sql(app, "INSERT INTO audit_event (seq, at, actor, action, subject, audit_id, payload, "
             "prev_hash, hash, key_id) VALUES (:seq, :at, :actor, :action, :subject, "
             ":audit_id, :payload, :prev_hash, :hash, NULL)",
        **{k: v for k, v in record.__dict__.items() if k != "key_id"})
    set_head(app, record.seq, record.hash, None)


def alter_checkpoint_line(app, world):
    path = app.settings.checkpoint_path
    lines = path.read_text().splitlines()
    data = json.loads(lines[-1])
    data["hash"] = secrets.token_hex(32)
    path.write_text("\n".join([*lines[:-1], json.dumps(data)]) + "\n")


# ---- rows and files ---------------------------------------------------------------------------

def answer_result_edited(app, world):
    sql(app, "UPDATE answer SET result='compliant' WHERE result='non_compliant'")


def answer_note_edited(app, world):
    sql(app, "UPDATE answer SET note='all fine' WHERE result='non_compliant'")


def audit_reopened(app, world):
    sql(app, "UPDATE audit SET status='remediation', closed_at=NULL WHERE id=:i", i=world["id"])


def finding_severity_lowered(app, world):
    sql(app, "UPDATE finding SET severity='observation'")


def finding_dismissed(app, world):
    sql(app, "UPDATE finding SET status='dismissed'")


def action_unverified(app, world):
    sql(app, "UPDATE corrective_action SET status='open'")


def action_due_moved(app, world):
    sql(app, "UPDATE corrective_action SET due='2030-01-01'")


def finding_and_action_deleted(app, world):
    sql(app, "DELETE FROM action_note")
    sql(app, "DELETE FROM corrective_action")
    sql(app, "DELETE FROM finding")


def evidence_file_changed(app, world):
    (app.settings.home / world["evidence_file"]).write_bytes(b"%PDF-1.4 something else\n")


def evidence_row_repointed(app, world):
    sql(app, "UPDATE evidence SET sha256=:h", h=hashlib.sha256(b"other").hexdigest())


def final_pdf_changed(app, world):
    path = app.settings.home / world["final_report"]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, somewhere inside the document
    path.write_bytes(bytes(data))


CASES = [
    Case("tail deleted, new last hash copied into the head", truncate_and_fix_head),
    Case("every event deleted, head reset to zero", wipe_trail),
    Case("every event and the head row deleted", wipe_trail_and_head_row),
    Case("an event in the middle deleted", delete_middle_event),
    Case("two events reordered", reorder_events),
    Case("head reset to an earlier event", reset_head),
    Case("an event's payload edited", edit_event_payload),
    Case("edited, chain recomputed as plain SHA-256", recompute_chain_plain),
    Case("edited, chain recomputed with a forged key", recompute_chain_forged_key),
    Case("edited, recomputed with a forged key, checkpoints deleted",
         recompute_chain_forged_key_and_drop_checkpoints, key_only=True),
    Case("an event forged at the end (made-up key)", append_forged_event, key_only=True),
    Case("an unkeyed event appended", append_unkeyed_event),
    Case("a checkpoint line altered", alter_checkpoint_line),
    Case("an answer's result edited", answer_result_edited),
    Case("an answer's note edited", answer_note_edited),
    Case("a closed audit reopened in its row", audit_reopened),
    Case("a finding's severity lowered", finding_severity_lowered),
    Case("a finding dismissed in its row", finding_dismissed),
    Case("a verified action set back to open", action_unverified),
    Case("an action's due date moved", action_due_moved),
    Case("a finding and its action deleted", finding_and_action_deleted),
    Case("an evidence file changed on disk", evidence_file_changed),
    Case("an evidence row pointed at other content", evidence_row_repointed),
    Case("the final PDF changed on disk", final_pdf_changed),
]
assert len(CASES) == 24
