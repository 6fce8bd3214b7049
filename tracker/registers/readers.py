"""Register files as a user downloads or saves them, read offline into RegisterRecords:
- TK OData JSON: a response page ({"value": [...]}), a bare array, or JSON Lines;
- TK SyncFeed Atom XML: a feed page or one entity, any namespace prefix, deletions, change log;
- Eerste Kamer pages (a rappel page or one toezegging) saved as HTML or as text, read by label;
- CSV with a header row (',' ';' or tab, with or without BOM), header names as in either register.
The format is recognised from the content, not the file name."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

from tracker.registers.model import (
    RegisterError,
    RegisterRecord,
    clean,
    day,
    document_numbers,
    ek_number,
    timestamp,
    tk_number,
)

MAX_FILE = 200 * 1024 * 1024  # a register export is a few MB; refuse what cannot be one


@dataclass
class Deletion:
    """A record the register deleted: by GUID (SyncFeed) or by number (OData, CSV)."""

    guid: str | None
    key: str | None
    version: str | None


@dataclass
class ReadResult:
    path: str
    format: str
    entries: list[RegisterRecord | Deletion] = field(default_factory=list)  # in file order
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""

    def add(self, entry: RegisterRecord | Deletion) -> None:
        self.entries.append(entry)

    @property
    def records(self) -> list[RegisterRecord]:
        return [e for e in self.entries if isinstance(e, RegisterRecord)]

    @property
    def deletions(self) -> list[Deletion]:
        return [e for e in self.entries if isinstance(e, Deletion)]

    def warn_unknown_statuses(self) -> None:
        """One warning per status word the mapping does not know (an empty status included)."""
        seen: set[str] = set()
        for record in self.records:
            if record.kind == "toezegging" and record.status == "unknown":
                word = record.raw_status or ""
                if word not in seen:
                    seen.add(word)
                    shown = f"status {word!r}" if word else "an empty status"
                    self.warnings.append(
                        f"{shown} is not a register status word; kept as unknown (e.g. {record.number})"
                    )


def read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE:
            raise RegisterError(f"is larger than {MAX_FILE // (1024 * 1024)} MB; not a register export")
        return path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"cannot be read ({exc.strerror or exc})") from exc


def read_register_file(path: Path) -> ReadResult:
    return parse_register_bytes(read_bytes(path), str(path))


def parse_register_bytes(data: bytes, path: str) -> ReadResult:
    result = read_register_text(decode(data), path)
    result.sha256 = hashlib.sha256(data).hexdigest()
    result.warn_unknown_statuses()
    return result


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_register_text(text: str, path: str = "") -> ReadResult:
    start = text.lstrip()[:2000]
    lowered = start.lower()
    if start.startswith(("{", "[")):
        return read_odata(text, path)
    if start.startswith("<") and not re.search(r"<(?:!doctype\s+html|html)\b", lowered):
        return read_syncfeed(text, path)
    if start.startswith("<") or re.search(r"<(?:html|body|div|table)\b", lowered):
        return read_ek_page(html_lines(text), path, "EK page (HTML)")
    if re.match(r"\s*korte aantekeningen\b", start, re.IGNORECASE):
        return read_ek_minutes(text.splitlines(), path)
    if re.search(r"^\s*(?:kerngegevens|rappelabele toezeggingen)", text[:1_000_000], re.IGNORECASE | re.MULTILINE):
        return read_ek_page(text.splitlines(), path, "EK page (text)")
    return read_csv(text, path)


# --- TK OData JSON -------------------------------------------------------------------------------


def read_odata(text: str, path: str) -> ReadResult:
    result = ReadResult(path, "TK OData JSON")
    try:
        data: Any = json.loads(text)
        rows = data.get("value") if isinstance(data, dict) and "value" in data else data
        if isinstance(rows, dict):
            rows = [rows]  # one entity on its own
    except json.JSONDecodeError:
        result.format = "TK OData JSON Lines"
        rows = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                if number == 1:
                    raise RegisterError(f"is not JSON or JSON Lines ({exc.msg} at line 1)") from None
                result.warnings.append(f"line {number}: not JSON ({exc.msg}); skipped")
    if not isinstance(rows, list):
        raise RegisterError("is JSON but holds no list of records ('value' or an array)")
    for index, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            result.warnings.append(f"record {index}: not an object; skipped")
            continue
        _odata_record(row, index, result)
    return result


def _nav(row: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A navigation property as a list of objects (OData gives a list, or one object)."""
    value = row.get(name)
    if isinstance(value, dict):
        return [value]
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _deleted(value: Any) -> bool:
    return str(value).strip().lower() == "true"


def _odata_record(row: dict[str, Any], index: int, result: ReadResult) -> None:
    if "BesluitSoort" in row:
        _odata_besluit(row, index, result)
        return
    soort = (clean(row.get("Soort")) or "").lower()
    if "Volgnummer" in row or soort.startswith("motie"):
        if soort.startswith("motie"):
            _odata_motie(row, index, result)
        return  # other documents and zaken are no register records
    number = tk_number(row.get("Nummer"))
    version = timestamp(row.get("ApiGewijzigdOp")) or timestamp(row.get("GewijzigdOp"))
    if number is None:
        result.warnings.append(f"record {index}: no toezegging number (TZ...-...); skipped")
        return
    if _deleted(row.get("Verwijderd")):
        result.add(Deletion(clean(row.get("Id")), f"TK:{number}", version))
        return
    letters = [n for doc in _nav(row, "KamerbriefNakoming") for n in document_numbers(doc.get("DocumentNummer"))]
    letters += document_numbers(row.get("KamerbriefNakoming")) if isinstance(row.get("KamerbriefNakoming"), str) else []
    result.add(
        RegisterRecord(
            register="TK", kind="toezegging", number=number, raw_status=clean(row.get("Status")),
            text=clean(row.get("Tekst")), ministry=clean(row.get("Ministerie")),
            responsible=_person(row), promised_on=day(row.get("Aanmaakdatum")),
            fulfilled_on=day(row.get("DatumNakoming")), letters=list(dict.fromkeys(letters)),
            guid=clean(row.get("Id")), version=version, title=clean(row.get("ActiviteitNummer")),
        )
    )  # fmt: skip


def _person(row: dict[str, Any]) -> str | None:
    get = lambda name: clean(row.get(name)) or clean(row.get(name[0].lower() + name[1:]))  # noqa: E731
    name, function = get("Naam"), get("Functie")
    return ", ".join(p for p in (function, name) if p) or None


def _votes(besluiten: Iterable[dict[str, Any]]) -> str | None:
    """The latest vote among a zaak's besluiten ("Stemmen - aangenomen" -> aangenomen); "Ingediend"
    and other besluiten are no vote."""
    votes = []
    for order, besluit in enumerate(besluiten):
        if _deleted(besluit.get("Verwijderd")):
            continue
        soort = clean(besluit.get("BesluitSoort")) or ""
        if m := re.match(r"stemmen\s*-\s*(.+)", soort, re.IGNORECASE):
            votes.append((timestamp(besluit.get("GewijzigdOp")) or "", order, m.group(1).strip().lower()))
    return max(votes)[2] if votes else None


def _odata_motie(row: dict[str, Any], index: int, result: ReadResult) -> None:
    dossiers = _nav(row, "Kamerstukdossier")
    volgnummer = clean(row.get("Volgnummer"))
    if not dossiers or not volgnummer or not volgnummer.isdigit():
        result.warnings.append(f"record {index}: a motie without Kamerstukdossier and Volgnummer; skipped")
        return
    number = motie_number(dossiers[0].get("Nummer"), dossiers[0].get("Toevoeging"), volgnummer)
    if number is None:
        result.warnings.append(f"record {index}: dossier {clean(dossiers[0].get('Nummer'))!r} is not a number; skipped")
        return
    version = timestamp(row.get("ApiGewijzigdOp")) or timestamp(row.get("GewijzigdOp"))
    if _deleted(row.get("Verwijderd")):
        result.add(Deletion(clean(row.get("Id")), f"TK:{number}", version))
        return
    zaken = _nav(row, "Zaak") or [row]
    vote = _votes(b for zaak in zaken for b in _nav(zaak, "Besluit"))
    documents = [clean(row.get("DocumentNummer"))] + [clean(d.get("DocumentNummer")) for d in _nav(row, "Document")]
    result.add(
        RegisterRecord(
            register="TK", kind="motie", number=number, raw_status=vote, vote=vote,
            title=clean(row.get("Onderwerp")) or clean(row.get("Titel")), promised_on=day(row.get("Datum") or row.get("GestartOp")),
            kamerstukken=", ".join(d for d in documents if d) or None, guid=clean(row.get("Id")), version=version,
        )
    )  # fmt: skip


def _odata_besluit(row: dict[str, Any], index: int, result: ReadResult) -> None:
    """A Besluit record: the vote on the motie of its (expanded) Zaak; it changes only the vote."""
    vote = _votes([row])
    if vote is None:
        return  # "Ingediend" and other besluiten are no vote
    for zaak in _nav(row, "Zaak"):
        dossiers = _nav(zaak, "Kamerstukdossier")
        if (clean(zaak.get("Soort")) or "").lower().startswith("motie") and dossiers:
            number = motie_number(dossiers[0].get("Nummer"), dossiers[0].get("Toevoeging"), zaak.get("Volgnummer"))
            if number:
                result.add(
                    RegisterRecord(
                        register="TK", kind="motie", number=number, raw_status=vote, vote=vote, decision=True
                    )
                )
                return
    result.warnings.append(
        f"record {index}: a vote without its motie (export Besluit with $expand=Zaak($expand=Kamerstukdossier)); skipped"
    )


def motie_number(dossier: Any, toevoeging: Any, volgnummer: Any) -> str | None:
    """kst-21501-02-2766 from 21501, "02", 2766 (the key letters use for a motie)."""
    base = (clean(dossier) or "").replace(" ", "").replace(".", "")
    extra = (clean(toevoeging) or "").replace(" ", "")
    nr = (clean(volgnummer) or "").replace(" ", "")
    if not base.isdigit() or not nr.isdigit() or not re.fullmatch(r"[A-Za-z0-9()]*", extra):
        return None
    return f"kst-{base}{'-' + extra.upper() if extra else ''}-{int(nr)}"


# --- TK SyncFeed Atom XML ------------------------------------------------------------------------


def _local(name: str) -> str:
    if "}" in name:
        return name[name.index("}") + 1 :]
    return name.rsplit(":", 1)[-1]


def _attr(element: Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _children(element: Element) -> dict[str, list[Element]]:
    out: dict[str, list[Element]] = {}
    for child in element:
        out.setdefault(_local(child.tag), []).append(child)
    return out


def read_syncfeed(text: str, path: str) -> ReadResult:
    result = ReadResult(path, "TK SyncFeed XML")
    try:
        root = parse_xml(text.encode("utf-8"), forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RegisterError(
            f"holds XML that is refused ({type(exc).__name__}): a register export has no DTD or entities"
        ) from None
    except ParseError as exc:
        raise RegisterError(f"is not well-formed XML ({exc})") from None
    single = _local(root.tag) in ("entry", "toezegging")  # one entity saved on its own
    entries = [root] if single else [e for e in root if _local(e.tag) == "entry"]
    for index, entry in enumerate(entries, 1):
        entity = _entity(entry)
        if entity is None:
            continue  # other entities (activiteit, persoon, ...) of a mixed feed
        guid = clean(_attr(entity, "id"))
        version = timestamp(_attr(entity, "bijgewerkt"))
        if _deleted(_attr(entity, "verwijderd")):
            result.add(Deletion(guid, None, version))
            continue
        _syncfeed_record(entity, guid, version, index, result)
    if not entries:
        raise RegisterError("is XML but holds no SyncFeed entry or toezegging")
    return result


def _entity(entry: Element) -> Element | None:
    """The <toezegging> of an entry: in <content>, as the feed has it (looked for deeper only if not)."""
    if _local(entry.tag) == "toezegging":
        return entry
    for child in entry:
        if _local(child.tag) == "content":
            for inner in child:
                if _local(inner.tag) == "toezegging":
                    return inner
    return next((e for e in entry.iter() if _local(e.tag) == "toezegging"), None)


def _syncfeed_record(entity: Element, guid: str | None, version: str | None, index: int, result: ReadResult) -> None:
    fields = _children(entity)

    def value(name: str) -> str | None:
        return clean(fields[name][0].text) if name in fields else None

    number = tk_number(value("nummer"))
    if number is None:
        result.warnings.append(f"entry {index}: no toezegging number (TZ...-...); skipped")
        return
    letters = [n for e in fields.get("kamerbriefNakoming", []) for n in document_numbers(e.text)]
    result.add(
        RegisterRecord(
            register="TK", kind="toezegging", number=number, raw_status=value("status"), text=value("tekst"),
            ministry=value("ministerie"), responsible=", ".join(v for v in (value("functie"), value("naam")) if v) or None,
            promised_on=day(value("aanmaakdatum")), fulfilled_on=day(value("datumNakoming")),
            letters=list(dict.fromkeys(letters)), guid=guid, version=version, title=value("activiteitNummer"),
        )
    )  # fmt: skip


# --- Eerste Kamer pages ----------------------------------------------------------------------------

# Kerngegevens labels, longest first so that "Datum toezegging" is not read as something shorter.
EK_LABELS = sorted(
    ["Nummer", "Status", "Datum toezegging", "Deadline", "Verantwoordelijke(n)", "Voormalige Verantwoordelijke(n)",
     "Huidige Verantwoordelijke(n)", "Verantwoordelijke", "Kamerleden", "Commissie", "Soort activiteit", "Categorie",
     "Onderwerpen", "Kamerstukken"],
    key=len, reverse=True,
)  # fmt: skip
_LABEL = re.compile(
    r"\s*(" + "|".join(re.escape(label) for label in EK_LABELS) + r")(?:\s*:)?(?:[ \t\u00a0]+(.*)|\s*$)", re.IGNORECASE
)
_HEADING = re.compile(r"\s*Toezegging\s+(.+?)\s*\((T\d{5})\)\s*$")
_RAPPEL = re.compile(r"Dit is het rappel tot (\d{1,2}-\d{1,2}-\d{2,4})")


def read_ek_page(lines: list[str], path: str, fmt: str) -> ReadResult:
    """Every record of the page: a heading "Toezegging <title> (<T-number>)" or a bare T-number line
    starts one; before its Kerngegevens come the title and the promise; the Kerngegevens rows give
    its fields by label (a value may continue on the next lines, as Kamerleden and
    Verantwoordelijken do); "Uit de stukken" ends them."""
    result = ReadResult(path, fmt)
    rappel = next((m.group(1) for line in lines[:50] if (m := _RAPPEL.search(line))), None)
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    label: str | None = None
    part = "head"  # head (title, promise), data (Kerngegevens), rest (citations, history)
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if (m := _HEADING.match(line)) or re.fullmatch(r"T\d{5}", line):
            number = m.group(2) if m else line
            if current is None or current["heading_number"] != number or part != "head":
                current = {"heading_number": number, "title": None, "text": None, "fields": {}}
                records.append(current)
            if m:
                current["title"] = _title(m.group(1))
            label, part = None, "head"
            continue
        if current is None:
            continue
        lowered = line.lower()
        if lowered == "kerngegevens":
            part, label = "data", None
        elif lowered in ("uit de stukken", "brondocumenten", "historie"):
            part, label = "rest", None
        elif part == "head":
            _head_line(current, line)
        elif part == "data":
            label = _data_line(current, line, label)
    for index, fields in enumerate(records, 1):
        record = _ek_record(fields, rappel)
        if record is None:
            result.warnings.append(f"record {index} ({fields['heading_number']}): no Kerngegevens; skipped")
        else:
            result.add(record)
    return result


_TITLE_LINE = re.compile(r"Toezegging\s+(.+?\([\d.\s/,]+[^()]*\))\s*(.*)$")


def _head_line(current: dict[str, Any], line: str) -> None:
    """A title line glued to the promise ("Toezegging Evaluatie van de wet (33.207)De staatssecretaris
    ... zegt toe") or the promise on its own line."""
    if current["title"] is None and (m := _TITLE_LINE.match(line)):
        current["title"] = _title(m.group(1))
        line = m.group(2)
    if line and current["text"] is None:
        current["text"] = line


def _data_line(current: dict[str, Any], line: str, label: str | None) -> str | None:
    """One Kerngegevens row (or the continuation of the last one); returns the label now open."""
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    if len(cells) >= 2 and not _LABEL.fullmatch(cells[0]):
        label = cells[0].lower()  # a label/value row of a label we do not know: kept by its label
        current["fields"].setdefault(label, []).append(" ".join(cells[1:]))
    elif m := _LABEL.match(line.replace("\t", " ")):
        label = m.group(1).lower()
        current["fields"].setdefault(label, [])
        if m.group(2):
            current["fields"][label].append(m.group(2).strip())
    elif label is not None:
        current["fields"][label].append(line)
    return label


def _title(heading: str) -> str:
    return re.sub(r"\s*\([^()]*\)\s*$", "", heading).strip() or heading


def _ek_record(found: dict[str, Any], rappel: str | None) -> RegisterRecord | None:
    fields = {k: "; ".join(v) for k, v in found["fields"].items() if v}
    number = ek_number(fields.get("nummer")) or (ek_number(found["heading_number"]) if fields else None)
    if number is None or not fields.get("status"):
        return None
    responsible = (
        fields.get("huidige verantwoordelijke(n)")
        or fields.get("verantwoordelijke(n)")
        or fields.get("verantwoordelijke")
    )
    return RegisterRecord(
        register="EK", kind="toezegging", number=number, raw_status=clean(fields.get("status")),
        title=clean(found.get("title")), text=clean(found.get("text")), responsible=clean(responsible), committee=clean(fields.get("commissie")),
        kamerstukken=clean(fields.get("kamerstukken")), promised_on=day(fields.get("datum toezegging")),
        deadline=day(fields.get("deadline")), version=None if rappel is None else (day(rappel) or None),
    )  # fmt: skip


_BLOCK = frozenset(
    [
        "p",
        "div",
        "br",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "dl",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
    ]
)
_CELL = frozenset(("td", "th", "dd"))


def html_lines(text: str) -> list[str]:
    """HTML as text lines: block elements end a line, table cells and dt/dd are separated by a tab
    (so a row reads "label<TAB>value"); scripts, styles and comments are dropped."""
    text = re.sub(r"(?is)<(script|style|noscript|nav)\b.*?</\1\s*>|<!--.*?-->", " ", text)
    out: list[str] = []
    line: list[str] = []
    for m in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>|([^<]+)|<", text):
        if m.group(3) is not None or m.group(0) == "<":
            line.append(m.group(3) if m.group(3) is not None else "<")
            continue
        tag = m.group(2).lower()
        if tag in _CELL and not m.group(1) or tag == "dt" and m.group(1):
            line.append("\t")
        elif tag in _BLOCK or (tag == "dt" and not m.group(1)) or (tag == "dd" and m.group(1)):
            out.append("".join(line))
            line = []
    out.append("".join(line))
    lines = []
    for raw in out:
        cells = [" ".join(html.unescape(c).split()) for c in raw.split("\t")]
        joined = "\t".join(c for c in cells if c)
        if joined:
            lines.append(joined)
    return lines


# --- Eerste Kamer committee minutes ----------------------------------------------------------------

_MEETING = re.compile(r"\bvan (\d{1,2} [a-z]+ \d{4})\s*$", re.IGNORECASE)
_QUOTE = "\"'\u201c\u201d\u2018\u2019"
_DECIDED = re.compile(
    rf"\bals\s+[{_QUOTE}]?(deels voldaan|niet voldaan|voldaan|openstaand|doorlopend)\b"
    r"|\bblijft ongewijzigd \((deels voldaan|voldaan|openstaand)\)",
    re.IGNORECASE,
)
_NEW_DEADLINE = re.compile(
    r"(?:nieuwe deadline|deadline\b[^.;]{0,40}?\b(?:te verplaatsen|wordt verplaatst)\s+naar|deadline te handhaven op)"
    r"\s+(\d{1,2}\s+[a-z]+\s+\d{4})",
    re.IGNORECASE,
)
_T_NUMBER = re.compile(r"\bT\d{5}\b")
_CLAUSE_END = re.compile(r";|(?<=[.:])\s+(?=[A-Z])")


def read_ek_minutes(lines: list[str], path: str) -> ReadResult:
    """A committee's decisions on the register ("Korte aantekeningen"): "toezeggingen T02883, T02889
    als "voldaan" aan te merken", "T02881 als "deels voldaan" te blijven beschouwen met als nieuwe
    deadline 1 januari 2023", "de status van toezegging T01220 blijft ongewijzigd (openstaand)", "de
    toezegging als niet voldaan te beschouwen" under a heading that is the T-number. Each number
    takes the status word that follows it in its clause; a clause's new deadline holds for all its
    numbers. Dated by the meeting, so a later register page or decision wins."""
    result = ReadResult(path, "EK committee minutes (text)")
    meeting = day(m.group(1)) if lines and (m := _MEETING.search(lines[0].strip())) else None
    committee = clean(lines[0].split(" van ")[0].removeprefix("Korte aantekeningen vergadering")) if lines else None
    section: str | None = None  # the T-number an agenda item is headed with
    for raw in lines[1:]:
        line = raw.strip()
        if re.fullmatch(r"\d+\.(\s.*)?", line):
            section = None  # a new agenda item
        if re.fullmatch(r"T\d{5}", line):
            section = line
            continue
        for clause in _CLAUSE_END.split(line):
            for number, word, deadline in _decisions(clause, section):
                result.add(
                    RegisterRecord(
                        register="EK", kind="toezegging", number=number, raw_status=word, deadline=deadline,
                        committee=committee, version=meeting, decision=True,
                    )
                )  # fmt: skip
    return result


def _decisions(clause: str, section: str | None) -> Iterator[tuple[str, str | None, str | None]]:
    statuses = list(_DECIDED.finditer(clause))
    deadline = next((day(m.group(1)) for m in _NEW_DEADLINE.finditer(clause)), None)
    numbers = list(_T_NUMBER.finditer(clause))
    if not numbers and section and re.search(r"\bde toezegging\b", clause, re.IGNORECASE):
        if statuses or deadline:
            yield section, _word(statuses[0], clause) if statuses else None, deadline
        return
    for number in numbers:
        after = next((m for m in statuses if m.start() > number.end()), None)
        word = _word(after, clause) if after else None
        if word or deadline:
            yield number.group(0), word, deadline


def _word(match: re.Match[str], clause: str) -> str:
    """The status word decided; "niet als voldaan" is not voldaan (a false closed is the worst error)."""
    word = (match.group(1) or match.group(2)).lower()
    if re.search(r"\bniet\s+$", clause[: match.start()], re.IGNORECASE):
        return "niet voldaan" if word == "voldaan" else "openstaand"
    return word


# --- CSV -------------------------------------------------------------------------------------------

# Header names of either register, compared without case, spaces or punctuation.
CSV_FIELDS = {
    "nummer": "number", "toezeggingnummer": "number", "toezegging": "number", "number": "number",
    "status": "status", "tekst": "text", "omschrijving": "text", "text": "text", "titel": "title",
    "onderwerp": "title", "title": "title", "ministerie": "ministry", "ministry": "ministry",
    "datumnakoming": "fulfilled_on", "kamerbriefnakoming": "letters", "aanmaakdatum": "promised_on",
    "datumtoezegging": "promised_on", "deadline": "deadline", "termijn": "deadline",
    "gewijzigdop": "version", "apigewijzigdop": "version", "bijgewerkt": "version",
    "verantwoordelijken": "responsible", "verantwoordelijke": "responsible", "huidigeverantwoordelijken": "responsible",
    "functie": "responsible", "commissie": "committee", "kamerstukken": "kamerstukken", "verwijderd": "deleted",
    "id": "guid", "kamerstukdossier": "dossier", "dossier": "dossier", "toevoeging": "toevoeging",
    "volgnummer": "volgnummer", "besluitsoort": "vote", "stemming": "vote", "stemmingsuitslag": "vote",
}  # fmt: skip


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _looks_like_header(line: str) -> bool:
    cells = re.split(r"[;,\t]", line)
    return len(cells) > 1 and sum(_header_key(c.strip().strip('"')) in CSV_FIELDS for c in cells) >= 2


def read_csv(text: str, path: str) -> ReadResult:
    first = text.splitlines()[0] if text.strip() else ""
    if not _looks_like_header(first):
        raise RegisterError(
            "is not a register file: no OData JSON, SyncFeed XML, Eerste Kamer page (Kerngegevens) "
            "or CSV header with Nummer and Status"
        )
    delimiter = max((";", ",", "\t"), key=first.count)
    result = ReadResult(path, f"CSV ({'tab' if delimiter == chr(9) else repr(delimiter)})")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [CSV_FIELDS.get(_header_key(h)) for h in next(reader)]
    for index, cells in enumerate(reader, 2):
        if not any(c.strip() for c in cells):
            continue
        row: dict[str, str] = {}
        for name, value in zip(header, cells, strict=False):
            if name and value.strip() and name not in row:
                row[name] = value
        _csv_record(row, index, result)
    return result


def _csv_record(row: dict[str, str], line: int, result: ReadResult) -> None:
    version = timestamp(row.get("version")) or day(row.get("version"))
    if row.get("volgnummer") and row.get("dossier"):
        number = motie_number(row.get("dossier"), row.get("toevoeging"), row.get("volgnummer"))
        if number is None:
            result.warnings.append(f"line {line}: no motie number from dossier and volgnummer; skipped")
            return
        vote = clean(row.get("vote"))
        vote = re.sub(r"(?i)^stemmen\s*-\s*", "", vote).lower() if vote else None
        result.add(
            RegisterRecord(register="TK", kind="motie", number=number, raw_status=vote, vote=vote,
                           title=clean(row.get("title")), version=version)
        )  # fmt: skip
        return
    tk, ek = tk_number(row.get("number")), ek_number(row.get("number"))
    if not tk and not ek:
        result.warnings.append(
            f"line {line}: {clean(row.get('number'))!r} is no register number (TZ...-... or T.....); skipped"
        )
        return
    number = tk or ek or ""
    register = "TK" if tk else "EK"
    if _deleted(row.get("deleted")):
        result.add(Deletion(clean(row.get("guid")), f"{register}:{number}", version))
        return
    result.add(
        RegisterRecord(
            register=register, kind="toezegging", number=number, raw_status=clean(row.get("status")),
            title=clean(row.get("title")), text=clean(row.get("text")), ministry=clean(row.get("ministry")),
            responsible=clean(row.get("responsible")), committee=clean(row.get("committee")),
            kamerstukken=clean(row.get("kamerstukken")), promised_on=day(row.get("promised_on")),
            deadline=day(row.get("deadline")), fulfilled_on=day(row.get("fulfilled_on")),
            letters=document_numbers(row.get("letters")), guid=clean(row.get("guid")), version=version,
        )
    )  # fmt: skip
