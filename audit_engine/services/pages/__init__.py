"""What a person sees, read in one go and authorized: the read models of pages and read commands.

The top of `services/`: pages read from the folders below and nothing imports them back.

- `audit_page`: the web audit page, read in one go (its read models in `audit_page_models`).
- `audit_visibility`: who may see an audit (`load_visible_audit`, `check_visible`, the list).
- `audit_steps`: the page's workflow steps, each allowed now or not and why.
- `criterion_rows`: one criterion as the fieldwork list shows it, from the pinned checklist.
- `criterion_edits`: a save in place (write and read back in one transaction), who changed it.
- `action_page`: corrective actions as the web shows them, with the steps one may take.
- `dashboard`: per signed-in person, what waits on them and their facilities' portfolio.
- `dossier`: `audit_dossier`, `show_audit` (everything about one audit in one read).
- `reads`: what the read commands print, for the acting user (the read table checked first).
- `answer_sheet`: `audit answers`, the audit's criteria with their current answers.

- `admin_views`: What each administration page shows beside the overview.
- `fieldwork_calendar`: The fieldwork calendar: one month across the facilities one may see.

- `action_fix`: What an action's owner has to fix, read for the top of the action page.
- `people_choices`: The people a form offers for a duty, so nobody types an e-mail address.
- `waiting`: How much waits on the signed-in person, counted for the navigation of every page.

- `list_filters`: Lists people can work with.
- `list_rows`: What the audits, actions, findings and evidence lists filter, sort and export each
  row by (list_filters).

- `fieldwork_changes`: Changes made on a fieldwork category page, each followed by the criterion as
  its category page shows it.
- `fieldwork_view`: Fieldwork one category at a time.
- `finding_list`: Every finding the reader may see, across audits, for the findings list.
- `evidence_list`: Every evidence file the reader may read, across audits, for the evidence list.
- `account_view`: the signed-in person's account page (second factor, API tokens) in one read.
- `audit_page_choices`: the audit page with the people its forms offer (lead, action owner).
- `risk_pages`: the risk overview and one assessment, each read for the person in one call.
- `facility_admin`: one facility in administration beside the overview; its form saved.
- `finding_decisions`: a finding confirmed or dismissed from the audit page, and where to go back.
"""
