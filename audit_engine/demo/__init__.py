"""The end-to-end demo (`audit-engine demo`): one quarter of a sample importer's audits, told
through the same services the commands call. Sits above services/, below the CLI."""
