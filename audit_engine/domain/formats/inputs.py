"""What people type, checked before anything acts on it: periods, dates, moments, ids, text.

One home for the rules every entry point (CLI, web, API, settings) shares:

- numbers are ASCII digits only (`str.isdigit()`, `int()` and `re`'s `\\d` also take full-width,
  Arabic-Indic and superscript digits, which then bypass rules that compare the text);
- years lie within a sane range, 2000-2100 unless configured (AUDIT_ENGINE_YEARS);
- ids beyond the database's integer range name nothing (NotFound, like any unknown id);
- text longer than its column is refused with the limit named, on every backend alike.

Pure functions; the only state is the configured year range, set once at start.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from audit_engine.domain.errors import InvalidInput, NotFound

DIGITS = "0123456789"
DEFAULT_YEARS = (2000, 2100)
MAX_ID = 2**31 - 1  # INTEGER primary keys: 32-bit on PostgreSQL, so the smaller of the two
FREE_TEXT_MAX = 20_000  # notes, plans, reasons: characters

_years = list(DEFAULT_YEARS)


def is_ascii_number(text: str) -> bool:
    """One or more ASCII digits and nothing else."""
    return bool(text) and all(c in DIGITS for c in text)


# ---- years ------------------------------------------------------------------------------------


def year_range() -> tuple[int, int]:
    return _years[0], _years[1]


def set_year_range(years: tuple[int, int]) -> None:
    """Called once at start from the settings (AUDIT_ENGINE_YEARS)."""
    _years[:] = parse_year_range(f"{years[0]}-{years[1]}")


def parse_year_range(text: str) -> tuple[int, int]:
    """`2000-2100` -> (2000, 2100); four-digit ASCII years, first not after second."""
    low, dash, high = text.strip().partition("-")
    if not (dash and len(low) == 4 == len(high) and is_ascii_number(low + high)):
        raise InvalidInput(f"years {text!r}: expected FIRST-LAST, e.g. 2000-2100")
    first, last = int(low), int(high)
    if not 1 <= first <= last <= 9998:
        raise InvalidInput(f"years {text!r}: the first year must be 1-9998 and not after the last")
    return first, last


def check_year(year: int, what: str, value: str) -> None:
    first, last = year_range()
    if not first <= year <= last:
        raise InvalidInput.said("%(what)s %(value)r: year %(year)s is outside %(first)s-%(last)s",
                                what=what, value=value, year=year, first=first, last=last)


# ---- periods, dates, moments -------------------------------------------------------------------

_PERIOD = re.compile(r"([0-9]{4})-Q([1-4])", re.ASCII)
_DATE = re.compile(r"([0-9]{4})-[0-9]{2}-[0-9]{2}", re.ASCII)
_MOMENT = re.compile(
    r"([0-9]{4})-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}(?::[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?",
    re.ASCII,
)


def parse_period(value: str) -> tuple[date, date]:
    """`2027-Q1` -> (2027-01-01, 2027-03-31). Exactly this form: ASCII, no spaces, so that one
    quarter has one spelling (the one-audit-per-quarter rule compares the text)."""
    match = _PERIOD.fullmatch(value or "")
    if not match:
        raise InvalidInput.said("period %(value)r is not YYYY-Qn (for example 2027-Q1)",
                                value=value)
    year, quarter = int(match.group(1)), int(match.group(2))
    check_year(year, "period", value)
    start = date(year, 3 * quarter - 2, 1)
    next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, next_start - timedelta(days=1)


def period_of(day: date) -> str:
    """The quarter a day falls in, as a period: 2027-02-10 -> `2027-Q1`."""
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def parse_date(value: str, what: str = "date") -> date:
    """`YYYY-MM-DD`, ASCII digits, a real day, within the year range."""
    match = _DATE.fullmatch((value or "").strip())
    if not match:
        raise InvalidInput.said("%(what)s %(value)r is not a date (YYYY-MM-DD)", what=what,
                                value=value)
    check_year(int(match.group(1)), what, value)
    try:
        return date.fromisoformat(match.group(0))
    except ValueError as error:
        raise InvalidInput.said("%(what)s %(value)r is not a date: %(error)s", what=what,
                                value=value, error=str(error)) from None


def parse_moment(value: str, what: str = "--at") -> datetime:
    """An ISO date or date-time (`2027-01-04`, `2027-01-04T07:00`, `...Z`, `...+02:00`), aware,
    in UTC; naive values are UTC. Empty is refused (it is not "now")."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput.said("%(what)s is empty; give an ISO date or date-time "
                                "(e.g. 2027-01-04)", what=what)
    match = _MOMENT.fullmatch(text)
    if not match:
        raise InvalidInput.said("%(what)s %(value)r is not an ISO date or date-time "
                                "(e.g. 2027-01-04 or 2027-01-04T07:00:00Z)", what=what,
                                value=value)
    check_year(int(match.group(1)), what, value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise InvalidInput.said("%(what)s %(value)r is not a date-time: %(error)s", what=what,
                                value=value, error=str(error)) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ---- whole numbers and ids ----------------------------------------------------------------------


def parse_whole(value: str | int, what: str, low: int, high: int) -> int:
    """A whole number written in ASCII digits (an optional leading minus), within low..high."""
    text = str(value).strip()
    body = text[1:] if text.startswith("-") else text
    if not is_ascii_number(body) or len(body) > 18:
        raise InvalidInput.said("%(what)s %(value)r is not a whole number in %(low)s-%(high)s",
                                what=what, value=value, low=low, high=high)
    number = int(text)
    if not low <= number <= high:
        raise InvalidInput.said("%(what)s %(number)s is outside %(low)s-%(high)s", what=what,
                                number=number, low=low, high=high)
    return number


def parse_number_id(what: str, value: str | int) -> int:
    """A plain numeric id (`7`); anything else, or beyond the integer range, names nothing."""
    text = str(value).strip()
    if not is_ascii_number(text) or len(text) > 10 or not 0 < int(text) <= MAX_ID:
        raise NotFound.said("%(what)s %(value)r not found", what=what, value=value)
    return int(text)


# ---- text -----------------------------------------------------------------------------------


NUL = "\x00"
# Characters that reorder how text is shown (U+202E makes "gpj.exe" read as "exe.jpg"): never
# in a name (of a person, facility, file, token...).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def check_characters(value: str, what: str, is_name: bool = False) -> str:
    """`value` unchanged, or InvalidInput naming the field: no NUL anywhere (PostgreSQL cannot
    store it), no bidirectional control character in a name."""
    if NUL in value:
        raise InvalidInput.said("%(what)s contains a NUL character (U+0000)", what=what)
    if is_name:
        found = next((ch for ch in value if ch in BIDI_CONTROLS), None)
        if found is not None:
            raise InvalidInput.said("%(what)s contains a bidirectional control character "
                                    "(U+%(code)s)", what=what, code=f"{ord(found):04X}")
    return value


def check_length(value: str | None, what: str, limit: int) -> str | None:
    """`value` unchanged when it fits in `limit` characters; otherwise InvalidInput naming it."""
    if value is not None and len(value) > limit:
        raise InvalidInput.said("%(what)s is %(length)s characters long; the limit is %(limit)s",
                                what=what, length=len(value), limit=limit)
    return value


def parse_proxy_addresses(text: str, what: str) -> tuple[str, ...]:
    """Comma-separated IP addresses or networks (CIDR) of trusted proxies, e.g.
    `127.0.0.1,10.0.0.0/8`; `*` trusts every peer (only where nothing but the proxy can reach
    the server). One line naming the first entry that is neither."""
    import ipaddress

    entries = tuple(part.strip() for part in text.split(","))
    if entries == ("*",):
        return entries
    for entry in entries:
        if not entry or entry == "*":
            raise InvalidInput(f"{what}: an empty entry (or `*` among others) in {text!r}; "
                               "give addresses or networks separated by commas")
        try:  # strict: uvicorn would silently never match 10.0.0.1/8 (host bits set)
            ipaddress.ip_network(entry)
        except ValueError:
            raise InvalidInput(f"{what}: {entry!r} is not an IP address or network "
                               "(e.g. 127.0.0.1 or 10.0.0.0/8, no host bits after the /)"
                               ) from None
    return entries


def check_public_url(url: str) -> None:
    """Links in mail start with it: an http(s) address of a host, nothing else."""
    from urllib.parse import SplitResult, urlsplit

    if not url:
        return
    parts: SplitResult | None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname \
            or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InvalidInput(f"setting public_url: {url!r} is not an http:// or https:// address "
                           "(e.g. https://audit.example.com)")
