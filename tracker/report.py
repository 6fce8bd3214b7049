"""The status report: open versus closed per kind, dossier and ministry; overdue and stale items;
what changed since a date. Rendered as text, Markdown, HTML or JSON."""

from __future__ import annotations

import html
import json
from datetime import date
from typing import Any

from rich.text import Text
from sqlite_utils import Database

from tracker.output import REPORT_WIDTH, fit_columns, table, to_text
from tracker.registers.compare import register_sections, register_summary
from tracker.store.queries import Filters, Listing, changes_since

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
    sums = ", ".join(f"coalesce(sum(status = '{s}'), 0) as {s}" for s in STATUSES)

    def counts(key: str) -> tuple[list[dict[str, Any]], int]:
        # Counted in the status table; the groups with the most open items first: those are the ones to act on.
        column = "m.name" if key == "ministry" else f"s.{key}"
        groups = (
            f"select coalesce(nullif({column}, ''), '(unknown)') as {key}, {sums} from {listing.status_table} s "
            "left join ministries m on m.id = s.ministry_id group by 1"
        )
        total = db.execute(f"select count(*) from ({groups})").fetchone()[0]
        page = f" limit {int(limit)}" if limit is not None else ""
        return list(db.query(f"{groups} order by open desc, 1{page}")), total

    def items(filters: Filters, order: str) -> tuple[list[dict[str, Any]], int]:
        selection = Listing(db, filters, as_of, stale_days)
        return list(selection.rows(order=order, limit=limit)), selection.count()

    totals = dict(next(db.query(f"select count(*) as items, {sums} from {listing.status_table}")))
    by_kind, kinds = counts("kind")
    by_dossier, dossiers = counts("dossier")
    by_ministry, ministries = counts("ministry")
    overdue, overdue_count = items(Filters(overdue=True), "deadline, list_order")
    stale, stale_count = items(Filters(stale=True), "last_letter_date, list_order")
    open_items, open_count = items(Filters(unfinished=True), "first_date, list_order")  # partly done ones too
    warnings = letter_warnings(db, as_of)
    # One row beyond the limit says whether there are more changes than shown.
    changes = list(changes_since(db, since, as_of, None if limit is None else limit + 1)) if since else []
    more_changes = limit is not None and len(changes) > limit
    registers = register_summary(db, as_of, limit)
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "stale_days": stale_days,
        "totals": {s: totals[s] for s in STATUSES} | {"items": totals["items"]},
        "counts": {
            "by_kind": kinds,
            "by_dossier": dossiers,
            "by_ministry": ministries,
            "overdue": overdue_count,
            "stale": stale_count,
            "open": open_count,
            "changes": None if more_changes else len(changes),
            "registers": registers["total"] if registers else None,
            "warnings": len(warnings),
        },  # fmt: skip
        "by_kind": by_kind,
        "by_dossier": by_dossier,
        "by_ministry": by_ministry,
        "overdue": overdue,
        "stale": stale,
        "changes": changes[:limit] if limit is not None else changes,
        "open": open_items,
        # Only when a register was imported: what needs action, most urgent first, and all findings counted.
        "registers": registers["rows"] if registers else [],
        "register_findings": registers["counts"] if registers else None,
        "warnings": warnings[:limit] if limit is not None else warnings,
    }


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
        sections.append(
            (
                title(f"Changed since {report['since']}", "changes", "tracker report --limit 0"),
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
        shown = fit_columns(rows, columns, width, droppable=("last_document", "kind"))
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


def render_html(report: dict[str, Any]) -> str:
    def esc(value: Any) -> str:
        return html.escape("" if value is None else str(value))

    out = [
        "<!doctype html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>{esc(_headline(report))}</title>",
        "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>",
        "</head><body>",
        f"<h1>{esc(_headline(report))}</h1>",
    ]
    for title, rows, columns in _sections(report):
        out.append(f"<h2>{esc(title)}</h2>")
        if not rows:
            out.append("<p>None.</p>")
            continue
        out.append("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in columns) + "</tr>")
        out += ["<tr>" + "".join(f"<td>{esc(r.get(c))}</td>" for c in columns) + "</tr>" for r in rows]
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def needs_attention(report: dict[str, Any], fail_on: str | None) -> bool:
    if fail_on == "overdue":
        return bool(report["counts"]["overdue"])
    if fail_on == "open":
        return bool(report["counts"]["open"])
    return False
