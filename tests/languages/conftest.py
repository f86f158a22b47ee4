"""The web tests' cast with passwords, for the walk of every page (test_every_page)."""

from tests.web.conftest import people, people_home  # noqa: F401 - fixtures
