"""The proof of remediation, end to end: three corrective actions implemented with a file each,
one through the installed command (`--evidence`), one from the web page (the photo field), one
through the API (multipart). Every file is in the audit's evidence list, in audit.json (in the
final PDF and the archive) and in the archive's evidence/ folder, which `archive verify` checks;
the final report shows each implementation note, the photos as images, who verified and when,
and the rejection with its reason."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest

from audit_engine.services.integrations.tokens import create_token
from audit_engine.services.reports import rendering
from audit_engine.services.reports.archive import archive_audit
from audit_engine.services.reports.archive_verify import verify_archive
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER, OWNER
from tests.reports.pdfs import attachments, layout_text, save_pages_as_png
from tests.web.conftest import csrf_of, sign_in

pytestmark = pytest.mark.slow


def photo(kind: str, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image  # tests only: the package never imports Pillow here

    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, kind)
    return out.getvalue()


def to_remediation(app, tmp_path) -> tuple[str, list[str]]:
    audit = world.plan(app)
    musts = [a.criterion for a in world._answers(app, audit) if a.level == "must"][:3]
    world.to_review(app, audit, tmp_path, {m: "non_compliant" for m in musts})
    return audit, world.approve_with_actions(app, audit, "Fix {criterion}")


def by_cli(cli, tmp_path, action: str) -> None:
    fence = tmp_path / "fence-panel-after-repair-north-side-2027.jpg"  # 40 characters + .jpg
    fence.write_bytes(photo("JPEG", (40, 120, 40)))
    assert cli("action", "start", action, "--as", OWNER).returncode == 0
    done = cli("action", "implement", action, "--note", "New fence panel bolted and welded",
               "--evidence", str(fence), "--as", OWNER)
    assert done.returncode == 0, done.stderr


def by_web(client, action: str) -> None:
    assert sign_in(client, OWNER).status_code in (302, 303)
    for event, files in (("start", None),
                         ("implement", {"evidence": ("gate-camera.png",
                                                     photo("PNG", (30, 60, 160)), "image/png")})):
        page = client.get(f"/actions/{action}")
        seen = page.text.split('name="seen" value="')[1].split('"')[0]
        data = {"csrf": csrf_of(page.text), "seen": seen, "note": "Camera moved to the gate"}
        sent = client.post(f"/actions/{action}/{event}", data=data, files=files)
        assert sent.status_code in (200, 303), sent.text[:300]


def by_api(client, app, action: str) -> str:
    secret = create_token(app.uow(), app.clock, actor=as_cli(OWNER), name="test").secret
    auth = {"Authorization": f"Bearer {secret}"}
    for event, files in (("start", None),
                         ("implement", {"file": ("seal-log.pdf", b"%PDF-1.4 seal log\n",
                                                 "application/pdf")})):
        tag = client.get(f"/api/v1/actions/{action}", headers=auth).headers["ETag"]
        body = {"event": event, "note": "Seal log kept at the dock"}
        headers = {**auth, "If-Match": tag}
        sent = (client.post(f"/api/v1/actions/{action}/transitions", headers=headers,
                            data=body, files=files) if files else
                client.post(f"/api/v1/actions/{action}/transitions", headers=headers, json=body))
        assert sent.status_code == 200, sent.text
    return secret


def test_implementation_evidence_from_cli_web_and_api_reaches_report_and_archive(
        people, client, cli, tmp_path):
    app = people
    audit, (first, second, third) = to_remediation(app, tmp_path)
    by_cli(cli, tmp_path, first)
    by_web(client, second)
    by_api(client, app, third)
    world.act(app, OFFICER, third, "reject", note="The log page is unsigned")
    world.act(app, OWNER, third, "implement", note="Signed by the dock supervisor")
    for action in (first, second, third):
        world.act(app, OFFICER, action, "verify", note="Seen on site")

    officer = create_token(app.uow(), app.clock, actor=as_cli(OFFICER), name="test").secret
    listed = client.get(f"/api/v1/audits/{audit}/evidence",
                        headers={"Authorization": f"Bearer {officer}"}).json()
    attached = {e["name"]: e["actions"] for e in listed if e["actions"]}
    assert attached == {"fence-panel-after-repair-north-side-2027.jpg": [first],
                        "gate-camera.png": [second], "seal-log.pdf": [third]}

    transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                            on_closed=app.final_report_hook())
    final = rendering.final_report_path(app.uow(), app.report_store(), audit).read_bytes()
    save_pages_as_png(final, "final-remediation", resolution=70)
    check_final_report(final, audit, attached)
    check_archive(app, audit, tmp_path, attached)


def check_final_report(pdf: bytes, audit: str, attached: dict) -> None:
    text = layout_text(pdf)
    flat = " ".join(text.split())
    for note in ("New fence panel bolted and welded", "Camera moved to the gate",
                 "Signed by the dock supervisor", "The log page is unsigned"):
        assert note in flat, note
    assert flat.count("Verified by officer (Compliance officer)") >= 3
    assert "Rejected by officer (Compliance officer)" in flat
    assert "fence-panel-after-repair-north-side-2027.jpg" in text  # one line in the index
    assert "(Manager)" in text or "(Action owner)" in text  # people as "Name (Role)"
    images = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True,
                            check=False)
    if images.returncode != 0:  # older poppler reads no stdin
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            images = subprocess.run(["pdfimages", "-list", handle.name], capture_output=True,
                                    check=True)
    rows = [ln for ln in images.stdout.decode().splitlines()[2:] if ln.strip()]
    assert len(rows) >= 2, images.stdout.decode()  # the JPEG and the PNG, as thumbnails
    data = json.loads(attachments(pdf)[f"{audit}.json"])
    embedded = {e["name"]: e["actions"] for e in data["evidence"] if e["actions"]}
    assert embedded == attached
    for finding in data["findings"]:
        for action in finding["actions"]:
            assert action["facility_code"] == world.FACILITY and action["facility_name"]
            assert action["implemented_by"] == OWNER and action["verified_by"] == OFFICER


def check_archive(app, audit: str, tmp_path, attached: dict) -> None:
    made = archive_audit(app.uow(), app.evidence_store(), app.report_store(), app.clock,
                         actor=as_cli(OFFICER), audit=audit, output=tmp_path / "a.zip")
    report = verify_archive(made.path)
    assert report.ok, report.problems
    with zipfile.ZipFile(made.path) as archive:
        names = {n.rsplit("/", 1)[-1] for n in archive.namelist() if n.startswith("evidence/")}
        inside = json.loads(archive.read("audit.json"))
    assert set(attached) <= names
    assert {e["name"] for e in inside["evidence"] if e["actions"]} == set(attached)
    # an archive missing one of them is named by `archive verify`
    gone = tmp_path / "gone.zip"
    with zipfile.ZipFile(made.path) as old, zipfile.ZipFile(gone, "w") as new:
        for info in old.infolist():
            if not info.filename.endswith("gate-camera.png"):
                new.writestr(info, old.read(info.filename))
    assert any("gate-camera.png" in p for p in verify_archive(gone).problems)
