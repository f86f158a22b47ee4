"""Setting the engine up and the people in it.

- `people`: `add_user`, `list_users`, `add_facility`, `list_facilities`.
- `user_admin`, `admin_views`: what the web's administration pages read (the overview; one
  user, programmes with movable fieldwork windows, reminder rules, subscriptions, the outbox).
- `setup`: `initialise`, `upgrade_database`, `database_status`, `register_catalogs`.
- `checklists`: `list_catalogs`, `show_catalog`, `validate_checklists`, `diff`, `level_history`;
  their read models in `checklist_views`, the entity profiles in `catalog_profiles`.
- `workflow_docs`: `generated_sections`, the generated parts of docs/workflow.md
  (diagrams, permission table).

- `account_links`: Passwords: set by an operator, or through a single-use, expiring link sent by
  mail (an invitation for a new user, a reset for a forgotten password).
- `facility_changes`: Changing a facility after it was added.
- `manager_invitation`: A facility's manager invited on the spot (added, named manager, sent a
  link) in one transaction with the facility.
- `file_migration`: `storage migrate --to s3`: the home's stored files copied into object
  storage, each read back and checked.
- `languages`: Who reads which language: a person's own, a facility's default.
- `known_devices`: Known devices.
- `operations`: What an operator's probes ask: is this node ready to serve, and the shared numbers.
- `profile_import`: `checklists profile import`: complete an entity profile from the member's own
  CBP document.
- `recovery_codes`: Second-factor recovery codes: made, hashed, each accepted once.
- `reads`: Reads of people and places, for those allowed to see them.
- `second_factor`: The optional second factor (TOTP, RFC 6238) and the policy requiring it for
  admins and compliance officers.
- `sso_policy`: Requiring single sign-on but for named break-glass accounts; the providers
  as an admin sees them.
- `sso_accounts`: Who a provider's ID token names here, and the roles its groups give.
- `sso_sign_in`: Signing in through an identity provider (OpenID Connect, PKCE); linking; an
  admin's test.
- `sign_in`: Signing in: email and password (argon2id), then the second factor when the user has
  one.
- `user_changes`: Changing people after they were added: name, role grants, deactivation.
- `web_sessions`: Web sessions: who a session cookie names, keeping it alive, ending it.
"""
