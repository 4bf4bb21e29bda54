"""Campaign batches: letters equal to whole-rendered ones, hostile names literal, print files, resume."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time

import pikepdf
import pypdfium2
import pytest
from PIL import ImageChops
from pypdf import PdfReader

from campaign_helpers import ROOT, SCHOOLS, URDU_NAME, write_campaign
from generator.campaign.batch import batch
from generator.campaign.load import load_campaign
from generator.campaign.plan import LetterSpec
from generator.campaign.vdp import LetterRenderer
from generator.cli import main
from generator.project import Project
from helpers import normalise

PROJECT = Project(ROOT)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The small campaign rendered once in this process: (campaign file, output folder, result)."""
    folder = tmp_path_factory.mktemp("campaign")
    file = write_campaign(folder / "c")
    out = folder / "out"
    result = batch(PROJECT, file, jobs=1, out=out, chunk=2)
    return file, out, result


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _letter(out, slug):
    return out / "schools" / slug / "spotting-fake-identities-ks2-letter.pdf"


def _text(data: bytes) -> list[str]:
    return [normalise(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def test_names_render_literally_never_as_markup(run):
    _, out, result = run
    assert result.ok and result.rendered == 4
    text = " ".join(_text(_letter(out, "script-alert-x-script-primary").read_bytes()))
    assert "<script>alert('x')</script> Primary" in text
    assert "Ms Ada <b>Lovelace</b>" in text
    text = " ".join(_text(_letter(out, "o-brien-sons-academy").read_bytes()))
    assert "O'Brien & Sons Academy" in text and "Mr Declan O'Brien" in text


def test_word_copies_carry_the_school_details(run):
    from docx import Document

    _, out, _ = run
    document = Document(str(out / "schools" / "o-brien-sons-academy" / "spotting-fake-identities-ks2-letter.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "O'Brien & Sons Academy" in text and "Mr Declan O'Brien" in text


def test_arabic_script_name_is_drawn_with_the_bundled_font(run):
    _, out, _ = run
    pdf = pikepdf.open(_letter(out, "school-row-5"))
    fonts = set()
    for page in pdf.pages:
        for _, xobject in page.Resources.get("/XObject", {}).items():
            for _, font in xobject.get("/Resources", {}).get("/Font", {}).items():
                fonts.add(str(font.get("/BaseFont")))
    assert any("Noto-Naskh-Arabic" in f for f in fonts), fonts


def _pixels_differing(a: bytes, b: bytes) -> list[int]:
    first, second = pypdfium2.PdfDocument(a), pypdfium2.PdfDocument(b)
    assert len(first) == len(second)
    counts = []
    for index in range(len(first)):
        x = first[index].render(scale=1.5).to_pil().convert("RGB")
        y = second[index].render(scale=1.5).to_pil().convert("RGB")
        assert x.size == y.size
        counts.append(ImageChops.difference(x, y).convert("L").point(lambda v: 255 if v > 8 else 0).histogram()[255])
    return counts


def test_batch_letter_looks_exactly_like_a_letter_rendered_whole(run):
    file, out, _ = run
    campaign = load_campaign(file, PROJECT)
    recipients = {r.slug: r for r in campaign.reader()}
    renderer = LetterRenderer(campaign, PROJECT.data, PROJECT.root)
    try:
        for slug in ("ysgol-gymraeg-aberystwyth", "school-row-5"):  # one right-to-left name with a logo
            whole = renderer.whole_letter(LetterSpec("ks2", "spotting-fake-identities"), recipients[slug])
            assert _pixels_differing(_letter(out, slug).read_bytes(), whole) == [0, 0]
    finally:
        renderer.close()


def test_print_files_pad_each_letter_and_number_pages_per_letter(run):
    _, out, result = run
    # batch_letters: 3 -> Ysgol (1) + O'Brien (2 copies), then the other two schools.
    assert [p["path"] for p in result.print_files] == ["print/batch-001.pdf", "print/batch-002.pdf"]
    pages = _text((out / "print/batch-001.pdf").read_bytes())
    footers = ["slip" if "Separator page for the print shop" in p else
               "blank" if not p else p[p.index("Page "):][:11] for p in pages]
    assert footers == ["slip", "blank", "Page 1 of 2", "Page 2 of 2",
                       "slip", "blank", "Page 1 of 2", "Page 2 of 2", "Page 1 of 2", "Page 2 of 2"]
    assert "O'Brien & Sons Academy" in pages[4] and "Page 1 of 2" in pages[6]


def test_print_files_have_bleed_and_crop_marks_outside_the_trim(run):
    _, out, _ = run
    pdf = pikepdf.open(out / "print/batch-001.pdf")
    page = pdf.pages[2]
    trim = [round(float(v), 1) for v in page.TrimBox]
    bleed = [round(float(v), 1) for v in page.BleedBox]
    media = [round(float(v), 1) for v in page.MediaBox]
    assert round(trim[2] - trim[0], 1) == 595.3 and round(trim[3] - trim[1], 1) == 841.9  # A4 trim
    assert round(trim[0] - bleed[0], 1) == 8.5  # 3 mm bleed
    assert media[0] == 0 and bleed[0] > media[0]  # marks sit between the bleed and the sheet edge


def test_manifest_records_files_pages_hashes_and_inputs(run):
    _, out, _ = run
    manifest = _manifest(out)
    record = manifest["recipients"][1]
    assert record["row"] == 3 and record["school"] == "O'Brien & Sons Academy" and record["copies"] == 2
    assert record["files"][0]["pages"] == 2 and len(record["files"][0]["sha256"]) == 64 and record["inputs"]
    csv_text = (out / "manifest.csv").read_text(encoding="utf-8")
    assert "3,O'Brien & Sons Academy,ok,2,schools/o-brien-sons-academy/spotting-fake-identities-ks2-letter.pdf" \
        in csv_text
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["recipients"], summary["letters"], summary["failures"]) == (4, 5, [])


def test_second_run_skips_everything_and_gives_the_same_manifest(run):
    file, out, _ = run
    before = (out / "manifest.json").read_bytes()
    again = batch(PROJECT, file, jobs=1, out=out, chunk=2)
    assert (again.rendered, again.skipped) == (0, 4)
    assert (out / "manifest.json").read_bytes() == before


def test_killed_run_resumes_to_the_same_manifest(run, tmp_path):
    file, out, _ = run
    target = tmp_path / "out"
    code = ("import sys; from pathlib import Path; from generator.campaign.batch import batch; "
            "from generator.project import Project; "
            "batch(Project(Path(sys.argv[1])), Path(sys.argv[2]), jobs=1, out=Path(sys.argv[3]), chunk=2)")
    process = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(file), str(target)])
    journal = target / ".journal.jsonl"
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        if journal.is_file() and journal.read_text(encoding="utf-8").count("\n") >= 2:
            break  # the first chunk (two schools) is done; the second is being rendered
        time.sleep(0.02)
    process.kill()
    process.wait()
    assert not (target / "manifest.json").exists() and not (target / "print").exists()
    # What a crash at another moment could also leave: a torn journal line, a temporary file.
    with journal.open("a", encoding="utf-8") as handle:
        handle.write('{"row": 4, "slu')
    (target / "schools" / ".x.pdf.part").parent.mkdir(parents=True, exist_ok=True)
    (target / "schools" / ".x.pdf.part").write_bytes(b"%PDF-1.7 half")
    resumed = batch(PROJECT, file, jobs=1, out=target, chunk=2)
    assert (resumed.rendered, resumed.skipped) == (2, 2)
    assert (target / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()
    assert not journal.exists() and not (target / "schools" / ".x.pdf.part").exists()


def test_a_failing_recipient_does_not_stop_the_others(tmp_path, capsys):
    long_name = "The " + "Very " * 60 + "Long Name School"
    rows = [SCHOOLS[0], [long_name] + SCHOOLS[0][1:], SCHOOLS[1]]
    file = write_campaign(tmp_path / "c", rows)
    status = main(["--project", str(ROOT), "batch", str(file), "--jobs", "1", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert ("failed: row 3 (" + long_name + "): the school's details do not fit the letterhead and first paragraph "
            "(shorten the school name, address or safeguarding lead's details)") in err
    assert "not written: print/batch-001.pdf (it holds a letter that failed)" in err
    assert _letter(tmp_path / "out", "o-brien-sons-academy").is_file()
    assert (tmp_path / "out" / "print" / "batch-002.pdf").is_file()  # O'Brien's two copies, all rendered


def test_details_too_long_for_the_contact_block_are_reported_not_cut_off(tmp_path, capsys):
    long_email = "safeguarding@" + "very-long-department-name." * 30 + "example.sch.uk"
    rows = [SCHOOLS[0][:7] + [long_email] + SCHOOLS[0][8:]]
    file = write_campaign(tmp_path / "c", rows)
    status = main(["--project", str(ROOT), "batch", str(file), "--jobs", "1", "--out", str(tmp_path / "out")])
    assert status == 1
    assert ("failed: row 2 (Ysgol Gymraeg Aberystwyth): the school's details do not fit the contact and sign-off "
            "block (shorten the school name, address or safeguarding lead's details)") in capsys.readouterr().err


def test_the_letter_names_the_schools_lead_once_and_never_leaves_the_sign_off_alone(run):
    file, out, _ = run
    text = " ".join(_text(_letter(out, "o-brien-sons-academy").read_bytes()))
    # One paragraph says whom to contact, naming the school's own lead; the shared opening no longer
    # repeats it generically.
    assert text.count("If you are ever worried") == 1
    assert "please talk to Mr Declan O'Brien" in text
    assert "contact the school's designated safeguarding lead" not in text
    campaign = load_campaign(file, PROJECT)
    recipient = next(iter(campaign.reader()))
    renderer = LetterRenderer(campaign, PROJECT.data, PROJECT.root)
    try:
        # Before the closing block was kept together, this letter's contact and sign-off sat alone
        # on page 3; now the help section goes with them.
        pages = _text(renderer.whole_letter(LetterSpec("ks3", "sextortion"), recipient))
    finally:
        renderer.close()
    last = pages[-1]
    assert "Who to contact at school" in last and "Help and advice" in last
    assert last.index("Help and advice") < last.index("Who to contact at school")


def test_batch_letters_are_tagged_with_the_schools_details_in_the_structure(run):
    """The personalised areas are drawn from form XObjects: their text must still be in the structure tree."""
    import pikepdf

    from generator.pdf.audit import audit_pdf
    from generator.pdf.tagging import structure_kids

    _, out, _ = run
    for slug in ("ysgol-gymraeg-aberystwyth", "o-brien-sons-academy"):
        letter = _letter(out, slug)
        assert audit_pdf(letter) == [], slug  # pdfua and our own structure checks
        with pikepdf.open(letter) as pdf:
            streams = []

            def walk(element, roles):
                for kid in structure_kids(element):
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR" and "/Stm" in kid:
                        streams.append((tuple(roles), kid.Stm.objgen, int(kid.MCID)))
                    elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                        walk(kid, roles + [str(kid.S)])

            walk(pdf.Root.StructTreeRoot, [])
            forms = {objgen for _, objgen, _ in streams}
            assert len(forms) == 2  # the letterhead and the contact areas
            assert any("/H2" in roles for roles, _, _ in streams)  # "Who to contact at school" stays a heading
            parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
            keys = {int(parent_tree[i]) for i in range(0, len(parent_tree), 2)}
            for page in pdf.pages:
                for name, form in page.obj.Resources.XObject.items():
                    if name.startswith("/LessonpackArea"):
                        assert int(form.StructParents) in keys
