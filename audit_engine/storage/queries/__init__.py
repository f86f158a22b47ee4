"""The queries services call, one module per concern; each function names what it returns.

Services never build SQL: they call these with the session their unit of work opened.
"""
