"""Checklists on the web: the list with profiles, one checklist for one kind of business, a
diff of two loaded versions; a file path is never read as a checklist."""

from __future__ import annotations

import re

from tests.lifecycle import world
from tests.web.conftest import sign_in


def test_list_show_and_diff(client, people):
    sign_in(client, world.OFFICER)
    page = client.get("/checklists").text
    assert "CTPAT Minimum Security Criteria" in page and "U.S. importer: complete" in page
    ref = re.search(r'href="/checklists/(ctpat-msc%40[^"]+)"', page).group(1)
    shown = client.get(f"/checklists/{ref}?entity=us_importer")
    assert shown.status_code == 200 and "for U.S. importer" in shown.text
    same = ref.replace("%40", "@")
    diff = client.get(f"/checklists/diff?old={same}&new={same}")
    assert diff.status_code == 200 and 'id="diff-summary">0 added, 0 removed, 0 changed' in (
        diff.text)


def test_a_path_is_not_a_checklist(client, people):
    sign_in(client, world.OFFICER)
    assert client.get("/checklists/diff?old=/etc/passwd&new=ctpat-msc").status_code == 404
    assert client.get("/checklists/%2Fetc%2Fpasswd").status_code == 404
