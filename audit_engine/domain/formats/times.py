"""Times as people read them: in their facility's time zone, with the zone named.

Stored times stay UTC; every channel (pages, mails, calendar invites, reports) converts at the
edge with `local_moment` and writes with `moment_text`. A facility without a zone of its own
uses the server's. `local_moment` is the conversion alone, so a locale-aware formatter can wrap
it and keep the zone rule in one place.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from audit_engine.domain.errors import InvalidInput

UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu",
                       "Etc/GMT", "GMT", "Etc/Greenwich"})


def check_zone(text: str, where: str = "time zone") -> str:
    """An IANA zone name as typed, checked (InvalidInput naming it otherwise)."""
    name = text.strip()
    if not name or name not in _known_zones():
        raise InvalidInput.said("%(where)s %(text)r is not a known IANA time zone name"
                                " (like America/Mexico_City or Asia/Shanghai)", where=where,
                                text=text)
    return name


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def zone_names() -> list[str]:
    """Every IANA zone name, sorted (what a form suggests)."""
    return sorted(_known_zones())


@cache
def server_zone() -> str:
    """The server's own zone name: $TZ, else the zone /etc/localtime links to, else UTC."""
    named = os.environ.get("TZ", "").lstrip(":")
    if not named:
        link = Path("/etc/localtime")
        target = str(link.resolve()) if link.is_symlink() else ""
        named = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        ZoneInfo(named)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return "UTC" if named in UTC_NAMES else named


def zone_name(zone: str | None) -> str:
    """The zone a facility's times are shown in: its own, else the server's."""
    return zone or server_zone()


def zone_info(zone: str | None) -> ZoneInfo:
    """The tzinfo of `zone` (None: the server's); its `key` is the IANA name."""
    return ZoneInfo(zone_name(zone))


def local_moment(moment: datetime, zone: str | None) -> datetime:
    """A stored (UTC) moment as the wall-clock time in `zone` (None: the server's)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone_info(zone))


def moment_text(moment: datetime | None, zone: str | None) -> str:
    """`2027-01-05 09:30 America/Mexico_City`; a dash for no time."""
    if moment is None:
        return "–"
    return f"{local_moment(moment, zone):%Y-%m-%d %H:%M} {zone_name(zone)}"


def wall_clock(day: date, at: time, zone: str | None) -> datetime:
    """The UTC moment of `at` o'clock on `day` in `zone` (fieldwork hours are local)."""
    return datetime.combine(day, at, ZoneInfo(zone_name(zone))).astimezone(UTC)
