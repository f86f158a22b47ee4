"""Each message in its reader's language: a queued row is split per language of its
recipients (their own, else their facility's default, else English).

The language rides in the row's context (`language`, a code: the context stays data); an
English row is left as it was. A row that already names its language (a report subscription,
which chose one) is not split.
"""

from __future__ import annotations

from audit_engine.domain.formats.mail import stable_message_id
from audit_engine.storage.queries.people import languages_by_email

ENGLISH = "en"


def language_of(session, email: str) -> str:
    """The language a person reads: theirs, else their facility's default, else English."""
    return languages_by_email(session, [email]).get(email, ENGLISH)


def by_language(session, rows: list[dict]) -> list[dict]:
    """`rows` with each one split into one row per language its recipients read."""
    unsplit = [r for r in rows if "language" not in r["context"]]
    spoken = languages_by_email(session, {e for r in unsplit for e in r["recipients"]})
    out = []
    for row in rows:
        if "language" in row["context"]:
            out.append(row)
            continue
        groups: dict[str, list[str]] = {}
        for email in row["recipients"]:
            groups.setdefault(spoken.get(email, ENGLISH), []).append(email)
        out += [_in_language(row, code, emails) for code, emails in sorted(groups.items())]
    return out


def _in_language(row: dict, code: str, emails: list[str]) -> dict:
    if code == ENGLISH:
        return {**row, "recipients": emails}
    key = f"{row['dedupe_key']}:{code}"
    domain = row["message_id"].rstrip(">").rpartition("@")[2]
    return {**row, "recipients": emails, "dedupe_key": key,
            "message_id": stable_message_id(key, domain),
            "context": {**row["context"], "language": code},
            "attachments": [{**ref, "language": code} for ref in row.get("attachments") or []]}
