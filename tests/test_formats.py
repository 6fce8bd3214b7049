"""Letters as they are published: each seed as a Word file with real notes, as a printed PDF with
running headers and notes at the page bottoms, and as a web page, must give what its text gives.
The fixtures in tests/formats are made by scripts/make_fixtures.py (LibreOffice)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from tests.conftest import ROOT, SEEDS
from tests.test_cli import run
from tracker.pipeline.extract import extract_document, extract_file, to_json
from tracker.pipeline.load import LoadError, load_bytes, load_document
from tracker.pipeline.normalise import normalise
from tracker.pipeline.readers.html import read_html

FORMATS = ROOT / "tests" / "formats"
SEED_STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))


def summary(path: Path) -> tuple[set, set, dict]:
    result = to_json(extract_file(path))
    items = {(i["kind"], i["id"] or i["name"] or i["text"], i["status"], i.get("ek_nummer")) for i in result["items"]}
    references = {(r["dossier"], r["ondernummer"], r["motie"]) for r in result["references"]}
    meta = {k: result["document"][k] for k in ("title", "date", "number", "kenmerk", "ministry")}
    return items, references, meta


FIXTURES = sorted(path.name for path in FORMATS.iterdir() if path.name.partition(".")[0] in SEED_STEMS)


def test_every_seed_is_in_every_published_form() -> None:
    forms = {name.partition(".")[2] for name in FIXTURES}
    assert {"docx", "pdf", "html"} <= forms
    for form in forms - {"footnotes.pdf"}:  # printed with footnotes: the letters whose notes are endnotes
        assert {f"{stem}.{form}" for stem in SEED_STEMS} <= set(FIXTURES), form


@pytest.mark.parametrize("name", FIXTURES)
def test_published_formats_give_what_the_text_gives(name: str) -> None:
    stem, _dot, form = name.partition(".")
    text_items, text_references, text_meta = summary(SEEDS / f"{stem}.txt")
    items, references, meta = summary(FORMATS / name)
    assert items == text_items
    assert references == text_references
    if form == "word.html" and str(text_meta["kenmerk"]) not in normalise(load_document(SEEDS / f"{stem}.txt").text).body:
        # Word saves the page header in a file beside the page (brief_files/header.htm): a kenmerk
        # printed only there is not in the page
        text_meta["kenmerk"] = None
    if form != "html":  # the pages made in the shape of officielebekendmakingen and pandoc carry no kenmerk
        assert meta == text_meta


def test_docx_notes_are_linked_to_their_markers() -> None:
    document = load_document(FORMATS / "000_eb112036e86ee879.docx")
    extraction = extract_document(document)
    assert extraction.normalised.note_style == "word-export"
    grinwis = next(i for i in extraction.items if i.name and "Grinwis" in i.name)
    assert (grinwis.dossier, grinwis.ondernummer, grinwis.status) == ("31985", "95", "closed")
    assert "Onze Referentie" not in extraction.normalised.body  # the page header is not body text


def test_pdf_running_header_footer_and_page_notes() -> None:
    extraction = extract_document(load_document(FORMATS / "001_d64714fac5e013c7.pdf"))
    body = extraction.normalised.body
    assert "Pagina 2 van" not in body and "BZ2408859" not in body
    assert extraction.meta.kenmerk == "BZ2408859"  # read from the running header
    assert len(extraction.normalised.notes) == 35
    assert extraction.normalised.notes[2].text == "Kamerstuk 35207 nr. 61"
    first = next(m for m in extraction.normalised.markers if m.number == 2)
    assert body[first.offset - 20 : first.offset].endswith("13 januari 2023")


def test_pdf_last_note_lines_of_pages_are_notes_not_running_footers() -> None:
    # Printed with footnotes, several pages end on a note "N Kamerstukken II, jjjj-jjjj, dd ddd, nr. n."
    # at the same height, as a running footer would; only "Pagina N van M" counts its pages.
    document = load_document(FORMATS / "000_eb112036e86ee879.footnotes.pdf")
    extraction = extract_document(document)
    notes = [note.text for note in extraction.normalised.notes.values()]
    for kamerstuk in ("31 985, nr. 95.", "31 985, nr. 107.", "22 112, nr. 2875.", "26 180, nr. 164."):
        assert any(note.endswith(kamerstuk) for note in notes), kamerstuk
    assert len(notes) == len(extraction.normalised.markers) == 18
    assert "Pagina" not in extraction.normalised.body


def test_pdf_endnotes_with_roman_labels() -> None:
    # LibreOffice, like Word, prints endnotes as i, ii, iii on the last pages
    extraction = extract_document(load_document(FORMATS / "002_ac8c429a2c3b4c50.pdf"))
    assert len(extraction.normalised.notes) == len(extraction.normalised.markers) == 17


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("het beleids-", "terrein van", "het beleidsterrein van"),  # hyphenated at the line end
        ("provincie Noord-", "Holland", "provincie Noord-Holland"),  # a real hyphen stays
        ("het innovatie-", "en verdienvermogen", "het innovatie- en verdienvermogen"),
        ("de EV-", "normen", "de EV-normen"),
        ("zorgvuldig af\u00ad", "gewogen", "zorgvuldig afgewogen"),  # soft hyphen
        ("de motie", "Grinwis", "de motie Grinwis"),
    ],
)
def test_pdf_lines_rejoin_without_hyphenation(before: str, after: str, joined: str) -> None:
    from tracker.pipeline.readers.pdf import _line_join

    assert "".join(_line_join(before, after)) == joined


def test_html_page_metadata_is_used() -> None:
    page = (
        '<html><head><meta name="DC.title" content="Uitvoering motie Grinwis">'
        '<meta name="DCTERMS.issued" content="2025-12-01"><meta name="DC.identifier" content="kst-31985-107">'
        '<meta name="OVERHEIDop.dossiernummer" content="31 985"></head>'
        "<body><nav><a href='/'>Home</a></nav><p>Geachte voorzitter,</p>"
        "<p>Met deze brief geef ik uitvoering aan de motie Grinwis c.s.<sup><a class='nootnum' href='#n1'>1</a></sup>. "
        "Daarmee wordt deze motie als afgedaan beschouwd.</p>"
        "<div class='noot' id='n1'><span class='nootnum'>1</span><p>Kamerstuk 31 985, nr. 95</p></div>"
        "</body></html>"
    )
    result = to_json(extract_document(load_bytes(page.encode(), "brief.html", ".html")))
    assert result["document"]["title"] == "Uitvoering motie Grinwis"
    assert result["document"]["date"] == "2025-12-01"
    assert result["document"]["number"] == "kst-31985-107"
    assert result["document"]["dossier"] == "31985"
    assert [(i["id"], i["status"]) for i in result["items"]] == [("kst-31985-95", "closed")]


def test_html_markup_is_never_taken_for_text() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>x</title></head><body>"
        "<script>if (a < b) { s = '</p><p>Motie Script'; }</script><style>p > a { color: red }</style>"
        "<!-- <p>Motie Commentaar</p> -->"
        "<P CLASS=\"tekst\" data-x='a > b'>Eerste   alinea,\n  één &amp; twee &lt;geen tag&gt;.</P>"
        "<p>Regel<br/>volgende regel<br>laatste&nbsp;regel</p>"
        "<p>3 < 4, en de motie<sup> 2 </sup> blijft tekst.</p>"
        "<p>a <b en c <d zonder einde</p>"
        "</body></html>"
    )
    text, _hints = read_html(page)
    assert text == (
        "Eerste alinea, één & twee <geen tag>.\n\n"
        "Regel\nvolgende regel\nlaatste regel\n\n"
        "3 < 4, en de motie<sup>2</sup> blijft tekst.\n\n"
        "a <b en c <d zonder einde\n"
    )


def linked_notes(page: str) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """A page's note markers (with the 20 characters before each) and notes, as the normaliser reads them."""
    normalised = normalise(load_bytes(page.encode(), "brief.html", ".html").text)
    markers = [(m.number, normalised.body[max(0, m.offset - 20) : m.offset]) for m in normalised.markers]
    return markers, {number: note.text for number, note in normalised.notes.items()}


LETTER = "<p>Met deze brief geef ik uitvoering aan de motie Grinwis c.s.{m1} en de motie De Korte.{m2}</p>"


@pytest.mark.parametrize(
    ("marker", "notes"),
    [
        (  # LibreOffice: sdfootnote anchors, notes in <div id="sdfootnoteN"> with a link back as label
            '<sup><a class="sdfootnoteanc" name="sdfootnote{n}anc" href="#sdfootnote{n}sym"><sup>{n}</sup></a></sup>',
            '<div id="sdfootnote{n}"><p class="sdfootnote-western"><a class="sdfootnotesym" name="sdfootnote{n}sym"'
            ' href="#sdfootnote{n}anc">{n}</a>{text}</p></div>',
        ),
        (  # OpenOffice 3: the same in capitals
            '<A CLASS="sdfootnoteanc" NAME="sdfootnote{n}anc" HREF="#sdfootnote{n}sym"><SUP>{n}</SUP></A>',
            '<DIV ID="sdfootnote{n}"><P CLASS="sdfootnote"><A CLASS="sdfootnotesym" NAME="sdfootnote{n}sym"'
            ' HREF="#sdfootnote{n}anc">{n}</A>{text}</P></DIV>',
        ),
        (  # Google Docs: [N] links in <sup>, notes as paragraphs opening with the link back
            '<sup><a href="#ftnt{n}" id="ftnt_ref{n}">[{n}]</a></sup>',
            '<div><p><a href="#ftnt_ref{n}" id="ftnt{n}">[{n}]</a><span>&nbsp;{text}</span></p></div>',
        ),
        (  # Word "Save as Web Page": _ftn links in MsoFootnoteReference spans, conditional comments
            "<a style='mso-footnote-id:ftn{n}' href=\"#_ftn{n}\" name=\"_ftnref{n}\" title=\"\"><span"
            " class=MsoFootnoteReference><![if !supportFootnotes]>[{n}]<![endif]></span></a>",
            "<div style='mso-element:footnote' id=ftn{n}><p class=MsoFootnoteText><a href=\"#_ftnref{n}\""
            ' name="_ftn{n}" title=""><span class=MsoFootnoteReference>[{n}]</span></a> {text}</p></div>',
        ),
        (  # Word's filtered page, notes as plain paragraphs after a rule
            '<a href="#_ftn{n}" name="_ftnref{n}"><sup>[{n}]</sup></a>',
            '<p><a href="#_ftnref{n}" name="_ftn{n}">[{n}]</a> {text}</p>',
        ),
        (  # a copy that lost the targets' names: the note opens with its link back
            '<a href="#_ftn{n}" name="_ftnref{n}"><sup>[{n}]</sup></a>',
            '<div id="ftn{n}"><p><a href="#_ftnref{n}">[{n}]</a> {text}</p></div>',
        ),
        (  # any other names: a raised in-page link, a note element with its own label and no link back
            '<sup><a href="#opm-{n}">{n}</a></sup>',
            '<aside id="opm-{n}"><b>{n}</b><p>{text}</p></aside>',
        ),
    ],
)
def test_html_notes_are_read_by_their_links(marker: str, notes: str) -> None:
    texts = {1: "Kamerstuk 31 985, nr. 95", 2: "Kamerstukken II, 2025-2026, 2150-02, nr. 3258."}
    page = (
        "<html><body>"
        + LETTER.format(m1=marker.format(n=1), m2=marker.format(n=2))
        + "<p>Daarmee wordt deze motie als afgedaan beschouwd.</p><hr>"
        + "".join(notes.format(n=n, text=text) for n, text in texts.items())
        + '<div title="footer"><p>Pagina 1 van 1</p></div></body></html>'
    )
    markers, found = linked_notes(page)
    assert markers == [(1, "e motie Grinwis c.s."), (2, "n de motie De Korte.")]
    assert found == texts


def test_html_note_of_several_paragraphs_ends_at_its_element() -> None:
    page = (
        '<html><body><p>De motie Grinwis c.s.<a href="#_ftn1" name="_ftnref1">[1]</a> is uitgevoerd.</p>'
        '<div><hr><div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> Kamerstuk 31 985, nr. 95.</p>'
        "<p>Zie ook de brief van 3 juni.</p></div></div><p>Den Haag, Rijksoverheid</p></body></html>"
    )
    markers, found = linked_notes(page)
    assert markers == [(1, "e motie Grinwis c.s.")]
    assert found == {1: "Kamerstuk 31 985, nr. 95. Zie ook de brief van 3 juni."}


def test_html_in_page_links_that_are_not_notes() -> None:
    page = (
        '<html><body><p>Inhoud: <a href="#h2">2</a> Uitvoering, <a href="#h3">3</a> Vervolg</p>'
        "<p>Zie de motie Grinwis c.s. (Kamerstuk 31 985, nr. 95).</p>"
        '<h2 id="h2">Uitvoering</h2><p>Daarmee wordt deze motie als afgedaan beschouwd.</p>'
        '<h2 id="h3">Vervolg</h2><p>Naar <a href="#top">boven</a></p>'
        # a link back from a label whose marker is no label: neither is a marker
        '<p>Zie <a href="#_ftn1" name="_ftnref1">de bijlage</a>.</p><p><a href="#_ftnref1" name="_ftn1">[1]</a> Bijlage</p>'
        "</body></html>"
    )
    text, _hints = read_html(page)
    assert "[footnoteRef:" not in text
    assert "Inhoud: 2 Uitvoering, 3 Vervolg" in text and "Uitvoering\n\nDaarmee" in text


def test_libreoffice_page_header_is_metadata_not_body() -> None:
    document = load_document(FORMATS / "001_d64714fac5e013c7.libreoffice.html")
    assert "Onze Referentie" not in document.text
    assert "BZ2408859" in document.hints["running"]
    assert to_json(extract_document(document))["document"]["kenmerk"] == "BZ2408859"


# --- Word files built in the test: tables, tracked changes, headers ---------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(body: str, footnotes: str = "", header: str = "") -> bytes:
    """A minimal .docx: enough parts for Word, with the body, notes and header XML given."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
    }
    if footnotes:
        parts["word/footnotes.xml"] = f'<w:footnotes xmlns:w="{W}">{footnotes}</w:footnotes>'
    if header:
        parts["word/header1.xml"] = f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>{header}</w:t></w:r></w:p></w:hdr>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def run_text(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_tables_tracked_changes_and_headers() -> None:
    row = (
        "<w:tr>"
        + "".join(
            f"<w:tc>{paragraph(run_text(cell))}</w:tc>"
            for cell in ("Motie Waalkens c.s.", "28 385, nr. 70", "Wordt uitgevoerd.")
        )
        + "</w:tr>"
    )
    body = (
        paragraph(run_text("Onze Referentie"), "<w:r><w:br/></w:r>", run_text("LNV-2025-117"))
        + paragraph(
            run_text("Met deze brief voldoe ik aan de motie Grinwis c.s."),
            '<w:r><w:footnoteReference w:id="7"/></w:r>',
            "<w:del><w:r><w:delText> en de motie Boswijk</w:delText></w:r></w:del>",
            run_text(". Daarmee wordt deze motie als afgedaan beschouwd."),
        )
        + f"<w:tbl>{row}</w:tbl>"
    )
    footnotes = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="7">{paragraph("<w:r><w:footnoteRef/></w:r>", run_text(" Kamerstuk 31 985, nr. 95"))}</w:footnote>'
    )
    document = load_bytes(make_docx(body, footnotes, header="Datum 3 maart 2025"), "brief.docx", ".docx")
    assert "Boswijk" not in document.text  # deleted in tracked changes
    assert "Datum" not in document.text  # header part: metadata only
    result = to_json(extract_document(document))
    assert result["document"]["date"] == "2025-03-03"
    assert result["document"]["kenmerk"] == "LNV-2025-117"
    found = {(i["id"], i["status"]) for i in result["items"]}
    assert ("kst-31985-95", "closed") in found
    assert any(i["id"] == "kst-28385-70" for i in result["items"])


def test_status_labels_in_a_word_annex_table_speak_of_their_row() -> None:
    """A begroting annex as a Word table: the "stand van zaken" cell says what became of the motie
    of its own row, and of no other."""
    rows = [
        ("Motie", "Omschrijving", "Stand van zaken"),
        (
            "Motie van het lid Grinwis c.s. (Kamerstuk 32 847, nr. 1100)",
            "Verzoekt de regering meer woningen te bouwen.",
            "Afgedaan. De Kamer is op 3 juni per brief geïnformeerd.",
        ),
        (
            "Motie van de leden Beckerman en Bromet (Kamerstuk 32 847, nr. 1101)",
            "Verzoekt de regering de huurbescherming te verbeteren",
            "In uitvoering",
        ),
        (
            "Motie van het lid De Hoop (Kamerstuk 36 600 XXII, nr. 14)",
            "Verzoekt de regering een verkenning te doen.",
            "Het kabinet bereidt een verkenning voor.",
        ),
    ]
    table = "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(run_text(cell))}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    )
    body = paragraph(run_text("Bijlage moties")) + f"<w:tbl>{table}</w:tbl>"
    result = to_json(extract_document(load_bytes(make_docx(body), "bijlage.docx", ".docx")))
    assert {i["id"]: i["status"] for i in result["items"]} == {
        "kst-32847-1100": "closed",
        "kst-32847-1101": "open",
        "kst-36600-XXII-14": "mentioned",
    }


# --- OpenDocument files built in the test -----------------------------------------------------

ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
ODF_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in ODF.items())


def make_odt(body: str, header: str = "", content_root: str = "office:text") -> bytes:
    content = (
        f"<office:document-content {ODF_NAMESPACES}><office:body><{content_root}>{body}</{content_root}>"
        "</office:body></office:document-content>"
    )
    styles = (
        f"<office:document-styles {ODF_NAMESPACES}><office:master-styles><style:master-page style:name='Standard'>"
        f"<style:header><text:p>{header}</text:p></style:header></style:master-page></office:master-styles>"
        "</office:document-styles>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
    return buffer.getvalue()


def odt_note(label: str, text: str) -> str:
    return (
        f'<text:note text:note-class="footnote"><text:note-citation>{label}</text:note-citation>'
        f"<text:note-body><text:p>{text}</text:p></text:note-body></text:note>"
    )


def test_odt_notes_tables_tracked_changes_and_headers() -> None:
    row = "<table:table-row>" + "".join(
        f"<table:table-cell><text:p>{cell}</text:p></table:table-cell>"
        for cell in ("Motie Waalkens c.s.", "28 385, nr. 70", "Wordt uitgevoerd.")
    )
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>de motie Boswijk</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:table-of-content><text:index-body><text:p>Uitvoering motie Grinwis 3</text:p></text:index-body>"
        "</text:table-of-content>"
        "<text:h>Uitvoering motie Grinwis</text:h>"
        f"<text:p>Met deze brief voldoe ik aan de motie<text:s/>Grinwis c.s.{odt_note('1', 'Kamerstuk 31 985, nr. 95')}"
        "<office:annotation><text:p>Motie Pietersen nog nagaan</text:p></office:annotation>. "
        "Daarmee wordt deze motie als afgedaan beschouwd.</text:p>"
        f"<text:list><text:list-item><text:p>De motie Van der Plas{odt_note('2', 'Kamerstuk 36 600 XIV, nr. 18')}"
        "<text:line-break/>wordt nog uitgevoerd.</text:p></text:list-item></text:list>"
        f"<table:table>{row}</table:table-row></table:table>"
    )
    document = load_bytes(make_odt(body, header="Onze Referentie LNV-2025-117"), "brief.odt", ".odt")
    assert "Boswijk" not in document.text and "Pietersen" not in document.text  # deleted; a comment
    assert document.text.count("Uitvoering motie Grinwis") == 1  # the table of contents is left out
    assert "de motie Grinwis c.s.[footnoteRef:1]." in document.text
    result = to_json(extract_document(document))
    assert result["document"]["kenmerk"] == "LNV-2025-117"
    assert {i["id"]: i["status"] for i in result["items"]} == {
        "kst-31985-95": "closed",
        "kst-36600-XIV-18": "open",
        "kst-28385-70": "open",
    }


# --- damaged files ---------------------------------------------------------------------------


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(FORMATS / "004_869d32280b3c1c42.pdf"))
    writer.encrypt(user_password="geheim", owner_password="geheimer")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "kapot.docx",
            lambda: (FORMATS / "001_d64714fac5e013c7.docx").read_bytes()[:5000],
            "zip archive is damaged or truncated",
        ),
        ("oud.docx", lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "encrypted (password-protected) or an old Word"),
        (
            "geen-word.docx",
            lambda: make_docx("").replace(b"word/document.xml", b"word/other___.xml"),
            "no word/document.xml",
        ),
        ("diep.docx", lambda: make_docx("<w:sdt>" * 5000 + "</w:sdt>" * 5000), "cannot be read as DOCX"),
        (
            "kapot.odt",
            lambda: (FORMATS / "004_869d32280b3c1c42.odt").read_bytes()[:3000],
            "zip archive is damaged or truncated",
        ),
        ("rekenblad.odt", lambda: make_odt("", content_root="office:spreadsheet"), "is not an OpenDocument text"),
        ("diep.odt", lambda: make_odt("<text:section>" * 5000 + "</text:section>" * 5000), "cannot be read as ODT"),
        ("kapot.pdf", lambda: (FORMATS / "004_869d32280b3c1c42.pdf").read_bytes()[:3000], "not a readable PDF"),
        ("versleuteld.pdf", encrypted_pdf, "encrypted (password-protected)"),
        ("scan.pdf", scanned_pdf, "needs OCR"),
        ("rommel.txt", lambda: bytes(range(256)) * 40, "binary data"),
    ],
)
def test_damaged_files_get_one_line_errors(name: str, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LoadError, match=re.escape(message)) as error:
        load_bytes(make(), name, Path(name).suffix)
    assert "\n" not in str(error.value)


def test_unforeseen_reader_failure_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import tracker.pipeline.load as load

    def broken(source: str) -> tuple[str, dict[str, str]]:
        raise RuntimeError("unexpected\nstate")

    monkeypatch.setattr(load, "read_html", broken)
    with pytest.raises(LoadError, match=r"cannot be read as HTML \(unexpected state\)"):
        load_bytes(b"<html><body><p>tekst</p></body></html>", "brief.html", ".html")


def test_ingest_reads_every_format_and_goes_on_after_a_damaged_file(db_path: Path, tmp_path: Path) -> None:
    for stem in ("000_eb112036e86ee879", "001_d64714fac5e013c7"):
        for suffix in ("docx", "pdf", "html", "odt"):
            (tmp_path / f"{stem}.{suffix}").write_bytes((FORMATS / f"{stem}.{suffix}").read_bytes())
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    result = run(db_path, "ingest", str(tmp_path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "kapot.pdf: is not a readable PDF" in errors[0]
    assert "8 ingested" in result.stderr
