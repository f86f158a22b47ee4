"""Setting the engine up and the people in it.

- `people`: `add_user`, `list_users`, `add_facility`, `list_facilities`.
- `user_admin`, `admin_views`: what the web's administration pages read (the overview; one
  user, programmes with movable fieldwork windows, reminder rules, subscriptions, the outbox).
- `setup`: `initialise`, `upgrade_database`, `database_status`, `register_catalogs`.
- `checklists`: `list_catalogs`, `show_catalog`, `validate_checklists`, `diff`, `level_history`;
  their read models in `checklist_views`, the entity profiles in `catalog_profiles`.
- `workflow_docs`: `generated_sections`, the generated parts of docs/workflow.md
  (diagrams, permission table).
"""
