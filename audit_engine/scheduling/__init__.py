"""The long-running scheduler service (APScheduler 3.x lives only here).

Business schedules (programs, reminder rules, subscriptions) live in our tables; APScheduler
runs ONE idempotent periodic job, so a duplicate or missed run costs nothing. Nothing is built
at import time.
"""
