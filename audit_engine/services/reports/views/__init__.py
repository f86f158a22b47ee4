"""Report views and the pure functions that turn them into what the templates show."""
