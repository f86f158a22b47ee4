"""The long-running scheduler service (APScheduler 3.x lives only here).

Business schedules (programs, reminder rules, subscriptions) live in our tables; APScheduler
runs ONE idempotent periodic job, so a duplicate or missed run costs nothing. Nothing is built
at import time.

Modules:
- `service`: `scheduler run`: lead or stand by, and while leading fire one periodic job.
- `triggers`: Report subscription schedules: weekly, monthly, quarterly, or a 5-field cron
  expression.
"""
