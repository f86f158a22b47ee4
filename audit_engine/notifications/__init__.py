"""E-mail: MIME composition, iCalendar invites and transports (smtplib, .eml folder, console).

The only home of smtplib, email and icalendar. Nothing connects or builds anything at import.
"""
