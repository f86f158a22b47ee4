"""E-mail: MIME composition, iCalendar invites and transports (smtplib, .eml folder, console).

The only home of smtplib, email and icalendar. Nothing connects or builds anything at import.

Modules:
- `compose`: Turning a `Mail` into an RFC 5322 message.
- `feeds`: iCalendar (RFC 5545) subscription feeds: a VCALENDAR of all-day events a calendar app
  polls.
- `invites`: iCalendar (RFC 5545/5546) invites for audit fieldwork windows.
- `transports`: Transports: the `send(message)` port and its three implementations.
- `webhooks`: Webhook delivery over HTTP(S): one signed POST per attempt, with a timeout.
"""
