"""The status report: open versus closed per kind, dossier and ministry; overdue and stale items;
what changed since a date. Rendered as text, Markdown, HTML or JSON."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from rich.text import Text
from sqlite_utils import Database

from tracker.output import REPORT_WIDTH, fit_columns, table, to_text
from tracker.registers.compare import register_sections, register_summary
from tracker.store.letters import arrival_moment, letter_rows
from tracker.store.queries import UNFINISHED, Filters, Listing, changes_since

STATUSES = ("open", "closed", "partial", "lapsed")
ITEM_COLUMNS = ("id", "kind", "status", "deadline", "last_date", "last_document", "label")
REPORT_LIMIT = 100  # rows per item list and per count table; the headline and the notes give the totals


def build_report(
    db: Database, as_of: date, since: date | None, stale_days: int, limit: int | None = REPORT_LIMIT
) -> dict[str, Any]:
    """Counts in SQL; the item lists (overdue, stale, changed, open) and the count tables hold at
    most `limit` rows each (None: all), so that the report of a whole archive stays readable and
    its size does not grow with the number of items."""
    listing = Listing(db, as_of=as_of, stale_days=stale_days)
    # One pass over an index that holds kind, dossier, ministry and status gives every count.
    ministry_names = {row[0]: row[1] for row in db.execute("select id, name from ministries")}
    # A group row per combination: summed per (value, status) pair first, the cheapest per row.
    sums: dict[str, defaultdict[tuple[Any, str], int]] = {
        key: defaultdict(int) for key in ("kind", "dossier", "ministry")
    }
    by_kind_sums, by_dossier_sums, by_ministry_sums = sums.values()
    for kind, dossier, ministry_id, status, count in db.execute(
        f"select kind, dossier, ministry_id, status, count(*) from {listing.status_table} "
        "group by kind, dossier, ministry_id, status"
    ):
        by_kind_sums[kind, status] += count
        by_dossier_sums[dossier, status] += count
        by_ministry_sums[ministry_id, status] += count
    groups: dict[str, dict[str, Counter[str]]] = {key: {} for key in sums}
    for key, pairs in sums.items():
        for (value, status), count in pairs.items():
            name = ministry_names.get(value) if key == "ministry" else value
            groups[key].setdefault(name or "(unknown)", Counter())[status] += count

    def counts(key: str) -> tuple[list[dict[str, Any]], int]:
        # The groups with the most open items first: those are the ones to act on.
        ordered = sorted(groups[key].items(), key=lambda group: (-group[1]["open"], group[0]))
        rows = [{key: name} | {s: c[s] for s in STATUSES} for name, c in ordered]
        return rows[:limit] if limit is not None else rows, len(rows)

    def items(filters: Filters, order: str, known: int | None = None) -> tuple[list[dict[str, Any]], int]:
        selection = Listing(db, filters, as_of, stale_days)
        return list(selection.rows(order=order, limit=limit)), selection.count() if known is None else known

    by_kind, kinds = counts("kind")
    by_dossier, dossiers = counts("dossier")
    by_ministry, ministries = counts("ministry")
    per_kind = groups["kind"].values()
    totals = {s: sum(c[s] for c in per_kind) for s in STATUSES} | {"items": sum(sum(c.values()) for c in per_kind)}
    overdue, overdue_count = items(Filters(overdue=True), "deadline, list_order")
    unfinished = totals["open"] + totals["partial"]
    stale, stale_count = items(Filters(stale=True), "last_letter_date, list_order", unfinished - not_stale(db, listing))
    # partly done ones too; how many is in the totals already
    open_items, open_count = items(Filters(unfinished=True), "first_date, list_order", unfinished)
    warnings = letter_warnings(db, as_of)
    # One row beyond the limit says whether there are more changes than shown.
    changes = list(changes_since(db, since, as_of, None if limit is None else limit + 1)) if since else []
    arrived = letter_rows(db, since=arrival_moment(since)) if since else []
    more_changes = limit is not None and len(changes) > limit
    registers = register_summary(db, as_of, limit)
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "stale_days": stale_days,
        "totals": totals,
        "counts": {
            "by_kind": kinds,
            "by_dossier": dossiers,
            "by_ministry": ministries,
            "overdue": overdue_count,
            "stale": stale_count,
            "open": open_count,
            "changes": None if more_changes else len(changes),
            "letters": len(arrived),
            "registers": registers["total"] if registers else None,
            "warnings": len(warnings),
        },  # fmt: skip
        "by_kind": by_kind,
        "by_dossier": by_dossier,
        "by_ministry": by_ministry,
        "overdue": overdue,
        "stale": stale,
        "changes": changes[:limit] if limit is not None else changes,
        "letters": arrived[:limit] if limit is not None else arrived,
        "open": open_items,
        # Only when a register was imported: what needs action, most urgent first, and all findings counted.
        "registers": registers["rows"] if registers else [],
        "register_findings": registers["counts"] if registers else None,
        "warnings": warnings[:limit] if limit is not None else warnings,
    }


def not_stale(db: Database, listing: Listing) -> int:
    """The open and partly done items that are not stale: a letter since the stale date, or none at
    all. In an archive of years most open items are stale, so these are the few to count (each an
    index range), and the stale ones are the rest."""
    where = f"from {listing.status_table} where {UNFINISHED} and last_letter_date"
    sql = f"select (select count(*) {where} >= :stale_before) + (select count(*) {where} is null)"
    return int(db.execute(sql, listing.params).fetchone()[0])


def letter_warnings(db: Database, as_of: date) -> list[dict[str, Any]]:
    """What extraction warned of in the current letters up to `as_of` (a misprinted dossier kept as
    printed, a closing phrase that named no one item), oldest letter first."""
    rows = db.query(
        "select coalesce(nullif(number, ''), nullif(title, ''), path) as document, date, warnings from documents"
        " where warnings is not null and superseded_at is null and coalesce(date, '') <= ? order by date, path",
        [as_of.isoformat()],
    )
    return [
        {"document": row["document"], "date": row["date"], "warning": warning}
        for row in rows
        for warning in json.loads(row["warnings"])
    ]


def _sections(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], tuple[str, ...]]]:
    count_cols = ("open", "closed", "partial", "lapsed")
    counts = report["counts"]

    def title(text: str, key: str, more: str) -> str:
        """The section's title, saying so when it shows only the first rows."""
        shown, total = len(report[key]), counts[key]
        if total is None:
            return f"{text} (first {shown}; {more})"
        return f"{text} (first {shown} of {total}; {more})" if shown < total else text

    sections = [
        ("By kind", report["by_kind"], ("kind", *count_cols)),
        (title("By dossier", "by_dossier", "most open first"), report["by_dossier"], ("dossier", *count_cols)),
        (title("By ministry", "by_ministry", "most open first"), report["by_ministry"], ("ministry", *count_cols)),
        (title("Overdue (oldest deadline first)", "overdue", "tracker list --overdue"), report["overdue"],
         ("id", "kind", "deadline", "deadline_phrase", "label")),
        (title(f"Stale (no letter for {report['stale_days']} days)", "stale", "tracker list --status open"),
         report["stale"], ("id", "kind", "last_seen", "label")),
    ]  # fmt: skip
    if report["since"]:
        # by arrival in the store: a letter dated before `since` that arrived after it is here
        sections.append(
            (
                title(
                    f"Letters stored since {report['since']} (by arrival, whatever their date)",
                    "letters",
                    f"tracker letters --since {report['since']}",
                ),
                report["letters"],
                ("id", "state", "date", "reference", "title", "files", "items"),
            )
        )
        sections.append(
            (
                title(f"Changed in the store since {report['since']}", "changes", "tracker report --limit 0"),
                report["changes"],
                ("change", "id", "kind", "status", "by_document", "label"),
            )
        )
    if report.get("register_findings"):
        sections += register_sections(report["registers"], report["register_findings"])
    sections.append((title("Open items", "open", "tracker list --status open"), report["open"], ITEM_COLUMNS))
    sections.append(
        (title("Warnings from the letters (kept as printed)", "warnings", "tracker report --limit 0"),
         report["warnings"], ("document", "date", "warning"))
    )  # fmt: skip
    return sections


def _headline(report: dict[str, Any]) -> str:
    t = report["totals"]
    return (
        f"tracker report as of {report['as_of']}: {t['items']} items, {t['open']} open, {t['closed']} closed"
        + (f", {t['partial']} partial" if t["partial"] else "")
        + (f", {t['lapsed']} lapsed" if t["lapsed"] else "")
        + f"; {report['counts']['overdue']} overdue, {report['counts']['stale']} stale"
    )


def render_text(report: dict[str, Any], width: int = REPORT_WIDTH) -> str:
    parts: list[Any] = [Text(_headline(report))]
    for title, rows, columns in _sections(report):
        parts.append(Text(""))
        if not rows:
            parts.append(Text(f"{title}: none"))
            continue
        present = [c for c in columns if c not in ("deadline", "deadline_phrase") or any(r.get(c) for r in rows)]
        shown = fit_columns(rows, present, width, droppable=("last_document", "kind"))
        parts.append(table(rows, shown, title=title, width=width))
    return to_text(parts, width)


def render_markdown(report: dict[str, Any]) -> str:
    def esc(value: Any) -> str:
        return ("" if value is None else str(value)).replace("|", "\\|").replace("\n", " ")

    lines = [f"# {_headline(report)}", ""]
    for title, rows, columns in _sections(report):
        lines += [f"## {title}", ""]
        if not rows:
            lines += ["None.", ""]
            continue
        lines.append("| " + " | ".join(columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += ["| " + " | ".join(esc(r.get(c)) for c in columns) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


HTML_STYLE = """
@page { size: A4; margin: 14mm 12mm; }
body { font: 10pt/1.35 system-ui, "Segoe UI", Arial, sans-serif; color: #1b1b1b; margin: 1.5em auto; max-width: 60em; }
h1 { font-size: 15pt; margin: 0 0 .3em; }
h2 { font-size: 12pt; margin: 1.4em 0 .4em; break-after: avoid; }
p.asof { margin: 0 0 .8em; color: #444; }
dl.terms { display: grid; grid-template-columns: max-content 1fr; gap: .15em .8em; margin: 0 0 1em; font-size: 9pt; color: #444; }
dl.terms dt { font-weight: 600; }
dl.terms dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.counts { width: auto; min-width: 50%; }
th, td { border-bottom: 1px solid #d6d6d6; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f0f0f0; border-bottom: 2px solid #999; }
.count { text-align: right; font-variant-numeric: tabular-nums; }
.short { white-space: nowrap; }
tr.overdue td { background: #fde8e8; }
tr.overdue td:first-child { border-left: 4px solid #c0392b; }
tr.closed td { background: #e6f4ea; }
tr.closed td:first-child { border-left: 4px solid #1e8449; }
p.none { color: #666; font-style: italic; }
a { color: #1a4f8b; }
@media print {
  body { margin: 0; max-width: none; }
  a { color: inherit; text-decoration: none; }
  tr.overdue td, tr.closed td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
COUNT_COLUMNS = frozenset({"open", "closed", "partial", "lapsed"})
SHORT_COLUMNS = frozenset(
    {"deadline", "last_date", "first_date", "last_seen", "date", "status_date", "kind", "status", "change", "was"}
)  # never broken over lines


def _row_class(row: dict[str, Any]) -> str:
    """Overdue items and items closed since the last report are the ones a reader looks for."""
    if row.get("overdue"):
        return ' class="overdue"'
    if row.get("change") == "closed":
        return ' class="closed"'
    return ""


def render_html(report: dict[str, Any]) -> str:
    """A page for the browser and for A4 paper: kamerstukken linked to their page on
    zoek.officielebekendmakingen.nl, overdue items in red, newly closed ones in green, and what the
    words mean."""

    def esc(value: Any) -> str:
        return html.escape("" if value is None else str(value))

    def kind_of(column: str) -> str:
        return ' class="count"' if column in COUNT_COLUMNS else ' class="short"' if column in SHORT_COLUMNS else ""

    def td(row: dict[str, Any], column: str) -> str:
        value = row.get(column)
        if column == "id" and row.get("link"):
            return f'<td><a href="{esc(row["link"])}">{esc(value)}</a></td>'
        if isinstance(value, bool):
            return f"<td>{'yes' if value else ''}</td>"
        return f"<td{kind_of(column)}>{esc(value)}</td>"

    as_of = report["as_of"]
    out = [
        "<!doctype html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(_headline(report))}</title>",
        f"<style>{HTML_STYLE}</style>",
        "</head><body>",
        f"<h1>{esc(_headline(report))}</h1>",
        f'<p class="asof">Status as of <strong>{esc(as_of)}</strong>'
        + (f", changes since {esc(report['since'])}" if report.get("since") else "")
        + ". Each item's status is what its latest letter (or a manual correction) said.</p>",
        '<dl class="terms">',
        "<dt>open</dt><dd>no letter declared it done (Openstaand); partly done items (Deels afgedaan) count as open</dd>",
        f"<dt>overdue</dt><dd>open, and the deadline its text names had passed on {esc(as_of)}</dd>",
        f"<dt>stale</dt><dd>open, and no letter mentioned it for {esc(report['stale_days'])} days before {esc(as_of)}</dd>",
        "<dt>closed</dt><dd>a letter declared it done (Afgedaan), in a phrase quoted by <code>tracker show ID</code></dd>",
        "</dl>",
    ]
    for title, rows, columns in _sections(report):
        out.append(f"<h2>{esc(title)}</h2>")
        if not rows:
            out.append('<p class="none">None.</p>')
            continue
        counts = ' class="counts"' if COUNT_COLUMNS & set(columns) else ""
        head = "".join(f"<th{kind_of(c)}>{esc(c)}</th>" for c in columns)
        out.append(f"<table{counts}><thead><tr>{head}</tr></thead><tbody>")
        out += [f"<tr{_row_class(r)}>" + "".join(td(r, c) for c in columns) + "</tr>" for r in rows]
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def needs_attention(report: dict[str, Any], fail_on: str | None) -> bool:
    if fail_on == "overdue":
        return bool(report["counts"]["overdue"])
    if fail_on == "open":
        return bool(report["counts"]["open"])
    return False
