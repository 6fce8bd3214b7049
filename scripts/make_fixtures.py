"""Build the format fixtures in tests/formats/ from the seed letters.

Each seed becomes a Word document with genuine Word footnotes (or endnotes, for letters whose notes
are endnotes), a running header with the letter's kenmerk and a page-number footer; LibreOffice then
saves it as Word writes it (.docx) and prints it to PDF, where the notes sit at the page bottoms and
the header and footer repeat on every page. Each seed also becomes a web page with navigation around
the letter, in the shape of officielebekendmakingen.nl or of a pandoc-made page.

The same letter is also kept as LibreOffice exports it: as a web page (`.libreoffice.html`, notes as
`sdfootnote`/`sdendnote` in-page links) and as OpenDocument (`.odt`); as Word saves it "as web
page" (`.word.html`, notes as `_ftn`/`_edn` links; Word itself is not at hand, so the page is written
here in Word's shape: the full web page with its conditional comments in Windows-1252 for even
seeds, the filtered page in UTF-8 for odd ones); and seed 000, whose notes are endnotes, once more
printed with footnotes (`.footnotes.pdf`), where the last note line of several pages is a kamerstuk
at the same height. The fixtures are committed, so the tests need neither this script nor
LibreOffice:

    apt-get install libreoffice-writer-nogui   # once
    python scripts/make_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.pipeline.load import load_document  # noqa: E402
from tracker.pipeline.metadata import read_metadata  # noqa: E402
from tracker.pipeline.normalise import normalise  # noqa: E402

OUT = ROOT / "tests" / "formats"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
BODY_SIZE = 22  # half-points: 11 pt
NOTE_SIZE = 16  # 8 pt


def run(text: str, size: int = BODY_SIZE) -> str:
    return f'<w:r><w:rPr><w:sz w:val="{size}"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def runs_with_breaks(text: str, size: int = BODY_SIZE) -> str:
    return "<w:r><w:br/></w:r>".join(run(line, size) for line in text.split("\n"))


def note_reference(kind: str, number: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference w:id="{number}"/></w:r>'


def body_paragraphs(body: str, markers: list[tuple[int, int]], kind: str) -> str:
    """One <w:p> per blank-line paragraph, with a note reference at each marker offset."""
    out = []
    pos = 0
    for chunk in body.split("\n\n"):
        start, end = pos, pos + len(chunk)
        pos = end + 2
        if not chunk.strip():
            continue
        parts = []
        cursor = start
        for number, offset in markers:
            if start <= offset <= end:
                parts.append(runs_with_breaks(body[cursor:offset]))
                parts.append(note_reference(kind, number))
                cursor = offset
        parts.append(runs_with_breaks(body[cursor:end]))
        out.append('<w:p><w:pPr><w:spacing w:after="220"/></w:pPr>' + "".join(parts) + "</w:p>")
    return "".join(out)


def notes_part(kind: str, notes: dict[int, str]) -> str:
    items = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>',
    ]
    for number, text in sorted(notes.items()):
        items.append(
            f'<w:{kind} w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'<w:sz w:val="{NOTE_SIZE}"/></w:rPr><w:{kind}Ref/></w:r>{run(" " + text, NOTE_SIZE)}</w:p></w:{kind}>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s xmlns:w="{W}">{"".join(items)}</w:{kind}s>'
    )


def header_part(lines: list[str]) -> str:
    paragraphs = "".join(f"<w:p>{run(line, NOTE_SIZE)}</w:p>" for line in lines)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W}">{paragraphs}</w:hdr>'


def footer_part() -> str:
    page = (
        f'<w:p>{run("Pagina ", NOTE_SIZE)}<w:fldSimple w:instr="PAGE">{run("1", NOTE_SIZE)}</w:fldSimple>'
        f'{run(" van ", NOTE_SIZE)}<w:fldSimple w:instr="NUMPAGES">{run("1", NOTE_SIZE)}</w:fldSimple></w:p>'
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W}">{page}</w:ftr>'


def build_docx(target: Path, body_xml: str, kind: str, notes: dict[int, str], header: list[str]) -> None:
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1700" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
        f"<w:body>{body_xml}{section}</w:body></w:document>"
    )
    notes_target = f"{kind}s.xml"
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdNotes" Type="{R}/{kind}s" Target="{notes_target}"/>'
        f'<Relationship Id="rIdHeader" Type="{R}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdFooter" Type="{R}/footer" Target="footer1.xml"/>'
        "</Relationships>"
    )
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}.document.main+xml"/>'
        f'<Override PartName="/word/{notes_target}" ContentType="{main}.{kind}s+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{main}.header+xml"/>'
        f'<Override PartName="/word/footer1.xml" ContentType="{main}.footer+xml"/>'
        "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", package_rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr(f"word/{notes_target}", notes_part(kind, notes))
        z.writestr("word/header1.xml", header_part(header))
        z.writestr("word/footer1.xml", footer_part())


def word_numbering(normalised) -> tuple[list[tuple[int, int]], dict[int, str]]:  # type: ignore[no-untyped-def]
    """Word numbers notes 1, 2, 3 in the order of their markers and has no note without one. A note
    whose marker the text version lost is anchored beside the marker of the note before it."""
    offsets = {m.number: m.offset for m in normalised.markers if m.number in normalised.notes}
    anchored = []
    previous_offset = 0
    for number in sorted(normalised.notes):
        previous_offset = offsets.get(number, previous_offset)
        anchored.append((previous_offset, number))
    anchored.sort()
    markers = [(index, offset) for index, (offset, _number) in enumerate(anchored, start=1)]
    notes = {index: normalised.notes[number].text for index, (_offset, number) in enumerate(anchored, start=1)}
    return markers, notes


def libreoffice(source: Path, target_format: str, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice is needed: apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [soffice, "--headless", "--convert-to", target_format, "--outdir", str(outdir), str(source)],
        check=True,
        capture_output=True,
    )
    return outdir / (source.stem + "." + target_format.split(":")[0])


def wrap_source(html_text: str, width: int = 76) -> str:
    """Word wraps the lines of its HTML source at spaces, inside text and tags alike."""
    lines = []
    for line in html_text.split("\n"):
        while len(line) > width and (cut := line.rfind(" ", 0, width)) > 0:
            lines.append(line[:cut])
            line = line[cut + 1 :]
        lines.append(line)
    return "\n".join(lines)


def build_word_html(body: str, markers: list[tuple[int, int]], notes: dict[int, str], kind: str, filtered: bool) -> bytes:
    """A page in the shape Word's "Save as Web Page" gives: markers `<a href="#_ftn1"
    name="_ftnref1">[1]</a>` in MsoFootnoteReference spans, notes in `<div id=ftn1>` after the body,
    each opening with a link back `<a href="#_ftnref1" name="_ftn1">[1]</a>` (`_edn`/`edn` and roman
    labels for endnotes). The full web page also carries Word's conditional comments and is in
    Windows-1252; the filtered page has neither."""
    short = "ftn" if kind == "footnote" else "edn"
    label = (lambda n: f"[{n}]") if kind == "footnote" else (lambda n: f"[{roman(n)}]")

    def reference(number: int, size: str, back: bool) -> str:
        target, name = (f"_{short}ref{number}", f"_{short}{number}") if back else (f"_{short}{number}", f"_{short}ref{number}")
        font = f"<span style='font-size:{size};line-height:107%;font-family:\"Calibri\",sans-serif'>{label(number)}</span>"
        if filtered:
            return f'<a href="#{target}" name="{name}" title=""><span class=MsoFootnoteReference>{font}</span></a>'
        return (
            f"<a style='mso-{kind}-id:{short}{number}' href=\"#{target}\" name=\"{name}\" title=\"\"><span "
            f"class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]>"
            f"<span class=MsoFootnoteReference>{font}</span><![endif]></span></span></a>"
        )

    pieces = []
    cursor = 0
    for number, offset in markers:
        pieces.append(escape(body[cursor:offset]))
        pieces.append(reference(number, "11.0pt", back=False))
        cursor = offset
    pieces.append(escape(body[cursor:]))
    paragraphs = "".join(
        "<p class=MsoNormal>" + chunk.replace("\n", "<br>\n") + "</p>\n\n"
        for chunk in "".join(pieces).split("\n\n")
        if chunk.strip()
    )
    div_style = "" if filtered else f" style='mso-element:{kind}'"
    note_divs = "".join(
        f"<div{div_style} id={short}{n}>\n\n"
        f"<p class=Mso{kind.capitalize()}Text>{reference(n, '10.0pt', back=True)} {escape(text)}</p>\n\n</div>\n\n"
        for n, text in sorted(notes.items())
    )
    rule = '<br clear=all>\n\n<hr align=left size=1 width="33%">\n\n'
    if filtered:
        note_block = f"<div>{rule}{note_divs}</div>" if notes else ""
        head = '<meta http-equiv=Content-Type content="text/html; charset=utf-8">\n<meta name=Generator content="Microsoft Word 15 (filtered)">\n'
    else:
        note_block = f"<div style='mso-element:{kind}-list'><![if !supportFootnotes]>{rule}<![endif]>\n\n{note_divs}</div>" if notes else ""
        head = (
            '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">\n<meta name=ProgId content=Word.Document>\n'
            '<meta name=Generator content="Microsoft Word 15">\n<meta name=Originator content="Microsoft Word 15">\n'
            '<link rel=File-List href="brief_files/filelist.xml">\n'
            "<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>Ministerie</o:Author>\n"
            " </o:DocumentProperties>\n</xml><![endif]-->\n"
        )
    page = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml"\nxmlns:o="urn:schemas-microsoft-com:office:office"\n'
        'xmlns:w="urn:schemas-microsoft-com:office:word"\nxmlns="http://www.w3.org/TR/REC-html40">\n\n<head>\n'
        + head
        + "<style>\n<!--\n /* Style Definitions */\n p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin-top:0cm;\n\t"
        "margin-bottom:8.0pt;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\nspan.MsoFootnoteReference\n\t"
        "{vertical-align:super;}\n@page WordSection1\n\t{size:595.3pt 841.9pt;\n\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}\n"
        "div.WordSection1\n\t{page:WordSection1;}\n-->\n</style>\n\n</head>\n\n"
        "<body lang=NL link=\"#0563C1\" vlink=\"#954F72\" style='tab-interval:35.4pt;word-wrap:break-word'>\n\n"
        f"<div class=WordSection1>\n\n{paragraphs}</div>\n\n{note_block}\n\n</body>\n\n</html>\n"
    )
    return wrap_source(page).encode("utf-8" if filtered else "cp1252", errors="xmlcharrefreplace")


def roman(number: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
              (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def build_html(meta, body: str, markers: list[tuple[int, int]], notes: dict[int, str], shape: str) -> str:  # type: ignore[no-untyped-def]
    """A page in the shape of officielebekendmakingen.nl ("ob": notes labelled by span.nootnum) or of
    a pandoc-made page ("pandoc": <li id="fnN">), with navigation, header and footer around it."""
    pieces = []
    cursor = 0
    for number, offset in markers:
        pieces.append(escape(body[cursor:offset]))
        if shape == "ob":
            pieces.append(f'<sup><a class="nootnum supernote-click-n{number}" href="#n{number}">{number}</a></sup>')
        else:
            pieces.append(f'<sup><a href="#fn{number}" class="footnote-ref" id="fnref{number}">{number}</a></sup>')
        cursor = offset
    pieces.append(escape(body[cursor:]))
    paragraphs = "".join(
        "<p>" + chunk.replace("\n", "<br>") + "</p>\n" for chunk in "".join(pieces).split("\n\n") if chunk.strip()
    )
    if shape == "ob":
        note_list = "".join(
            f'<div class="noot" id="n{n}"><span class="nootnum">{n}</span><p>{escape(text)}</p></div>\n'
            for n, text in sorted(notes.items())
        )
        note_block = f'<div id="noten"><h2>Noten</h2>\n{note_list}</div>'
    else:
        note_list = "".join(
            f'<li id="fn{n}"><p>{escape(text)} <a href="#fnref{n}" class="footnote-back">↩︎</a></p></li>\n'
            for n, text in sorted(notes.items())
        )
        note_block = f'<section class="footnotes"><hr><ol>\n{note_list}</ol></section>'
    head = [f'<meta name="DC.title" content="{escape(meta.title or "", {chr(34): "&quot;"})}">']
    if meta.date:
        head.append(f'<meta name="DCTERMS.issued" content="{meta.date.isoformat()}">')
    if meta.number:
        head.append(f'<meta name="DC.identifier" content="{meta.number}">')
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        + "".join(head)
        + f"<title>{escape(meta.title or '')}</title><style>p {{ margin: 0 0 1em }}</style>"
        + "<script>window.dataLayer = [];</script></head><body>\n"
        + '<nav><ul><li><a href="/">Home</a></li><li><a href="/zoeken">Zoeken</a></li>'
        + '<li><a href="/kamerstukken">Kamerstukken [overzicht]</a></li></ul></nav>\n'
        + '<header><form><input name="q"><button>Zoek</button></form></header>\n'
        + f'<main><article class="stuk">\n{paragraphs}{note_block}\n</article></main>\n'
        + "<footer><p>Dit is een publicatie van de Rijksoverheid. Privacy · Cookies · Toegankelijkheid</p></footer>"
        + "</body></html>\n"
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        document = load_document(seed)
        normalised = normalise(document.text)
        meta = read_metadata(document.text)
        kind = "endnote" if normalised.note_style == "endnotes" else "footnote"
        markers, notes = word_numbering(normalised)
        header = ["Onze Referentie", meta.kenmerk] if meta.kenmerk else [meta.title or seed.stem]
        with tempfile.TemporaryDirectory() as tmp:
            built = Path(tmp) / f"{seed.stem}.docx"
            build_docx(built, body_paragraphs(normalised.body, markers, kind), kind, notes, header)
            saved = Path(tmp) / "saved"
            docx = libreoffice(built, "docx:MS Word 2007 XML", saved)
            pdf = libreoffice(docx, "pdf", Path(tmp) / "printed")
            odt = libreoffice(docx, "odt", Path(tmp) / "opendocument")
            exported = libreoffice(docx, "html:HTML (StarWriter)", Path(tmp) / "exported")
            shutil.copy(docx, OUT / docx.name)
            shutil.copy(pdf, OUT / pdf.name)
            shutil.copy(odt, OUT / odt.name)
            shutil.copy(exported, OUT / f"{seed.stem}.libreoffice.html")
            if kind == "endnote":  # the same letter with its notes at the page bottoms
                with_footnotes = Path(tmp) / "footnotes" / f"{seed.stem}.footnotes.docx"
                with_footnotes.parent.mkdir()
                build_docx(with_footnotes, body_paragraphs(normalised.body, markers, "footnote"), "footnote", notes, header)
                shutil.copy(libreoffice(with_footnotes, "pdf", Path(tmp) / "printed-footnotes"), OUT / f"{seed.stem}.footnotes.pdf")
        filtered = int(seed.name[:3]) % 2 == 1
        (OUT / f"{seed.stem}.word.html").write_bytes(build_word_html(normalised.body, markers, notes, kind, filtered))
        shape = "ob" if int(seed.name[:3]) % 2 == 0 else "pandoc"
        page = OUT / f"{seed.stem}.html"
        page.write_text(build_html(meta, normalised.body, markers, notes, shape), encoding="utf-8")
        print(f"{seed.name}: {kind}s={len(notes)} -> .docx, .pdf, .odt, .html ({shape}), .libreoffice.html, .word.html")


if __name__ == "__main__":
    main()
