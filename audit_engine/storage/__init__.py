"""Storage: the database (SQLModel tables, Alembic migrations, queries), the stored files
(evidence, final reports: in a folder or in S3-compatible object storage) and the files kept
outside the database.

Modules:
- `accounts`: Sign-in queries: throttling counters, sessions, one-time links, credentials.
- `action_reports`: Corrective actions with their facility, for the managers' reports and the action
  pages.
- `administration`: Queries of the administration pages.
- `blob_store`: The one interface for stored files: evidence and final reports, addressed by
  SHA-256.
- `bulk`: Many rows into one table, as fast as the driver allows.
- `checkpoint_file`: The checkpoint file: an append-only file of trail heads, one signed JSON line
  each.
- `database_copy`: a consistent copy of the database and its way back (SQLite backup API,
  pg_dump and psql), for `backup` and `restore`.
- `directory`: Queries for the administration of people and facilities: grants, admins, open
  actions.
- `engine`: The one engine factory.
- `folder_store`: Stored files in a folder of the home, content-addressed by SHA-256.
- `cache_limit`: A node's caches (bucket copies, pictures) kept under a size limit, oldest-read
  first.
- `picture_store`: Thumbnails, previews and PDF page counts kept by the evidence's SHA-256: the
  home's folder, or the bucket behind this node's folder.
- `fieldwork`: Reads for the web fieldwork page and the answer saved in place.
- `idempotency`: Idempotency records: claim a key once, keep the first response, forget old ones.
- `leases`: Leader election for `scheduler run`: at most one active scheduler per database.
- `limits`: Text lengths checked before the database sees them, the same on every backend.
- `outbox`: Outbox queries: idempotent enqueue, atomic claim, and the status changes of a message.
- `rate_counts`: Per-token request counts by minute: one upsert per API request.
- `s3_checkpoints`: Trail checkpoints in the object store, beside the local file.
- `s3_client`: The S3 client (boto3's one home): a bucket and the few calls we make on it.
- `s3_store`: Stored files in S3-compatible object storage, shared by every node.
- `scheduler_health`: Is a scheduler alive?
- `schema`: Schema versions: upgrade through Alembic, and refuse databases we do not understand.
- `snapshots`: Pinning a checklist catalog for audits: one criteria_snapshot row per content hash.
- `sso`: Queries of single sign-on: linked identities, sign-ins under way, mapped grants.
- `tokens`: Queries on personal API tokens.
- `trail`: The trail's SQL: lock and move the head, insert events, read them back in order.
- `trail_changes`: What changed since a page was read, from the trail.
- `trail_keys`: The trail key file: HMAC keys kept outside the database, owner-only.
- `types`: Column types shared by every table: timezone-aware UTC times on SQLite and PostgreSQL.
- `upload_parts`: Photos arriving in chunks, kept in the database until finished (any node takes
  the next chunk), resumed at the bytes that arrived.
- `uow`: Unit of work: one transaction, one session; commit explicitly or it rolls back.
- `webhooks`: Queries on webhook endpoints.
- `models/`: Every table module, imported so SQLModel.metadata is complete (for Alembic and tests).
- `queries/`: The queries services call, one module per concern; each function names what it
  returns.

- `rate_counts`: Per-token request counts by minute: one upsert per API request, shared by every
  process.

- `chat`: Chat channels (Teams/Slack incoming webhooks): rows in and out.
- `inbox`: The in-app inbox and notification preferences: rows in, counts and pages out.
"""
