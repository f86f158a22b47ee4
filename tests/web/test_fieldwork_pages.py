"""Fieldwork one category at a time over HTTP: the category index and pages, one-tap answers
with the note's rule, evidence on the criterion, a file linked to a second criterion and
unlinked, photos for a category's must criteria with the rest compliant, submit readiness
with links, and every bad file refused with one message and nothing stored."""

from __future__ import annotations

import io
import re

import pytest

from audit_engine.domain.errors import InvalidInput, TransitionNotAllowed, web_status_of
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

HTMX = {"HX-Request": "true"}
REFUSED, NOT_NOW = web_status_of(InvalidInput), web_status_of(TransitionNotAllowed)


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


def _categories(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'/categories/([^"#/]+)"', html)))


def _criteria(html: str) -> list[str]:
    return re.findall(r'<li class="criterion" id="c-([^"]+)"', html)


def test_index_then_category_page(client, audit, people):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}")
    assert page.status_code == 200
    categories = _categories(page.text)
    assert len(categories) >= 10
    assert "audit-engine " not in page.text
    first = client.get(f"/audits/{audit}/categories/{categories[0]}")
    assert first.status_code == 200, first.text
    assert len(first.content) <= 40_000, len(first.content)
    assert 'id="next-category"' in first.text and 'id="next-unanswered"' in first.text
    assert client.get(f"/audits/{audit}/categories/nope").status_code == 404


MAX_BYTES = 3_000_000


@pytest.fixture
def settings(home, database_url):
    from audit_engine.bootstrap import Settings

    return Settings(home=home, database_url=database_url, evidence_max_bytes=MAX_BYTES)


def _page_of(client, audit: str, criterion: str) -> str:
    return client.get(f"/audits/{audit}/all").text


def _jpeg(size=(80, 40), orientation: int | None = None) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make: metadata that must not reach the thumbnail
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _png(size, mode="1") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def _bomb() -> bytes:
    """A tiny PNG whose header claims 50,000 x 50,000 pixels (2.5 gigapixels)."""
    import struct
    import zlib

    data = bytearray(_png((1, 1)))
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr:ihdr + 8] = struct.pack(">II", 50_000, 50_000)
    crc = zlib.crc32(bytes(data[12:ihdr + 13]))
    data[ihdr + 13:ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def _stored(people) -> tuple[int, int]:
    from sqlmodel import func, select

    from audit_engine.storage.models.lifecycle import Evidence, EvidenceLink

    with people.uow().reading() as uow:
        rows = uow.session.exec(select(func.count()).select_from(Evidence)).one()
        links = uow.session.exec(select(func.count()).select_from(EvidenceLink)).one()
    return rows, links


def _upload(client, audit, criterion, name, data, htmx=False):
    token = csrf_of(client.get(f"/audits/{audit}/all").text)
    headers = {**HTMX, "X-CSRF-Token": token} if htmx else {}
    return client.post(f"/audits/{audit}/criteria/{criterion}/evidence",
                       data={} if htmx else {"csrf": token}, headers=headers,
                       files=[("files", (name, data, "application/octet-stream"))])


@pytest.mark.parametrize(("name", "data", "said"), [
    ("big.png", "200mp", "declares 200 megapixels (a decompression bomb?); at most 60"),
    ("bomb.png", "bomb", "declares 2500 megapixels"),
    ("photo.jpg", b"this is a text file, not a photo", "is not a readable image"),
    ("empty.jpg", b"", "is empty"),
    ("huge.pdf", "oversized", f"larger than {MAX_BYTES} bytes"),
])
def test_bad_files_are_refused_with_one_message_and_nothing_stored(client, audit, people,
                                                                   name, data, said):
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    data = {"200mp": lambda: _png((20_000, 10_000)), "bomb": _bomb,
            "oversized": lambda: b"%PDF-1.4\n" + b"0" * MAX_BYTES}.get(data, lambda: data)()
    before = _stored(people)
    refused = _upload(client, audit, must, name, data)
    assert refused.status_code == REFUSED, refused.text
    assert said in refused.text and name in refused.text, refused.text
    assert _stored(people) == before
    assert not [p for p in (people.settings.evidence_dir).rglob("*") if p.is_file()]


def test_a_photo_on_the_criterion_gets_an_upright_thumbnail_without_metadata(client, audit,
                                                                             people):
    from PIL import Image

    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    added = _upload(client, audit, must, "sideways.jpg", _jpeg((80, 40), orientation=6),
                    htmx=True)
    assert added.status_code == 200, added.text
    assert added.text.lstrip().startswith("<li") and 'hx-swap-oob="true"' in added.text
    ref = re.search(r'/evidence/(E-\d+)/thumb\.jpg', added.text).group(1)
    thumb = client.get(f"/evidence/{ref}/thumb.jpg")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    picture = Image.open(io.BytesIO(thumb.content))
    assert picture.size == (40, 80)  # EXIF orientation 6: turned upright
    assert not picture.getexif() and b"PhoneMaker" not in thumb.content
    cached = list((people.settings.cache_dir / "pictures").rglob("*-thumb.jpg"))
    assert len(cached) == 1  # by content hash
    view = client.get(f"/evidence/{ref}/view")
    assert f'src="/evidence/{ref}/preview.jpg"' in view.text
    original = client.get(f"/evidence/{ref}")
    assert original.headers["content-disposition"].startswith("attachment")


def test_a_pdf_shows_its_page_count_and_first_page(client, audit, people):
    import shutil

    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils missing (.ci/run installs it)")
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    pdf = _two_page_pdf()
    assert _upload(client, audit, must, "policy.pdf", pdf).status_code == 303
    ref = re.search(r'/evidence/(E-\d+)/view">policy.pdf', _page_of(client, audit, must)).group(1)
    assert "2 pages" in client.get(f"/evidence/{ref}/view").text
    thumb = client.get(f"/evidence/{ref}/thumb.jpg")
    assert thumb.status_code == 200 and thumb.content[:2] == b"\xff\xd8"


def _two_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=300)
    writer.add_blank_page(width=200, height=300)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_file_linked_to_a_second_criterion_then_unlinked(client, audit, people):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}/all").text
    first, second = _criteria(page)[:2]
    assert _upload(client, audit, first, "gate.jpg", _jpeg()).status_code == 303
    picker = client.get(f"/audits/{audit}/criteria/{second}/files", headers=HTMX)
    ref = re.search(r'name="evidence" value="(E-\d+)"', picker.text).group(1)
    token = csrf_of(page)
    before = _stored(people)
    linked = client.post(f"/audits/{audit}/criteria/{second}/links",
                         data={"csrf": token, "evidence": ref})
    assert linked.status_code == 303 and linked.headers["location"].endswith(f"#c-{second}")
    assert _stored(people) == (before[0], before[1] + 1)  # no second file, one more link
    again = client.post(f"/audits/{audit}/criteria/{second}/links",
                        data={"csrf": token, "evidence": ref})
    assert again.status_code == REFUSED and f"linked to {second} already" in again.text
    removed = client.post(f"/audits/{audit}/criteria/{second}/links/{ref}/remove",
                          data={"csrf": token})
    assert removed.status_code == 303
    assert _stored(people) == before
    assert _last_event(people) == ("evidence.unlink", {"id": ref, "criterion": second})


def _last_event(people):
    import json

    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with people.uow().reading() as uow:
        event = uow.session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    payload = json.loads(event.payload)
    return event.action, {k: payload[k] for k in ("id", "criterion")}


def test_links_refused_to_another_audits_file_and_after_fieldwork(client, audit, people):
    other = planning_audit(people)
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{other}/all").text
    first = _criteria(page)[0]
    assert _upload(client, other, first, "other.jpg", _jpeg()).status_code == 303
    theirs = re.search(r'/evidence/(E-\d+)/view', client.get(f"/audits/{other}/all").text)[1]
    token = csrf_of(page)
    before = _stored(people)
    refused = client.post(f"/audits/{audit}/criteria/{first}/links",
                          data={"csrf": token, "evidence": theirs})
    assert refused.status_code == REFUSED
    assert f"evidence {theirs} is not in audit {audit}" in refused.text
    transitions.cancel_audit(people.uow(), people.clock, actor=as_cli(world.OFFICER), audit=other,
                             reason="moved")
    second = _criteria(page)[1]
    closed = client.post(f"/audits/{other}/criteria/{second}/links",
                         data={"csrf": token, "evidence": theirs})
    assert closed.status_code == NOT_NOW and "only in fieldwork" in closed.text
    gone = client.post(f"/audits/{other}/criteria/{first}/links/{theirs}/remove",
                       data={"csrf": token})
    assert gone.status_code == NOT_NOW
    assert _stored(people) == before


def planning_audit(people) -> str:
    from audit_engine.services.planning import planning

    ref = planning.plan_audit(people.uow(), people.clock, people.catalogs(),
                              actor=as_cli(world.OFFICER), facility=world.FACILITY,
                              checklist=world.CHECKLIST, period="2027-Q2", lead=world.LEAD).id
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


def test_readiness_lists_each_blocker_with_links_and_no_command(client, audit, people):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}")
    assert 'id="readiness"' in page.text and "Not answered (92)" in page.text
    assert "Security Vision and Responsibility (" in page.text
    assert f'href="/audits/{audit}/categories/' in page.text
    assert "audit-engine " not in page.text
    assert "not answered: 92 criteria: 1.1, " in page.text  # the guard names ids, no command


def test_rest_compliant_names_the_must_criteria_without_evidence(client, audit, people):
    sign_in(client, world.LEAD)
    index = client.get(f"/audits/{audit}").text
    category = _categories(index)[0]
    page = client.get(f"/audits/{audit}/categories/{category}").text
    gaps = re.findall(r'name="criteria" value="([^"]+)" checked', page)
    assert gaps and 'name="files_rest"' in page and 'capture="environment"' in page
    done = client.post(f"/audits/{audit}/categories/{category}/evidence",
                       data={"csrf": csrf_of(page), "criteria": gaps},
                       files=[("files_rest", ("gate.jpg", _jpeg(), "image/jpeg"))])
    assert done.status_code == 303, done.text
    after = client.get(f"/audits/{audit}/categories/{category}").text
    assert 'data-tags="unanswered' not in after and "must-without-evidence" not in after
    assert 'id="rest-box"' in after and "rest-compliant" not in after


def test_an_iphone_heic_photo_gets_a_jpeg_thumbnail(client, audit, people):
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(out, "HEIF")
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    assert _upload(client, audit, must, "IMG_0001.HEIC", out.getvalue()).status_code == 303
    ref = re.search(r'/evidence/(E-\d+)/thumb\.jpg', client.get(f"/audits/{audit}/all").text)[1]
    thumb = client.get(f"/evidence/{ref}/thumb.jpg")
    assert thumb.status_code == 200
    assert Image.open(io.BytesIO(thumb.content)).size == (64, 48)
