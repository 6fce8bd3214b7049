"""The status report: open versus closed per kind, dossier and ministry; overdue and stale items;
what changed since a date. Rendered as text, Markdown, HTML or JSON."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date
from typing import Any

from rich.text import Text
from sqlite_utils import Database

from tracker.output import table, to_text
from tracker.store.queries import changes_since, item_rows

STATUSES = ("open", "closed", "partial", "lapsed")
ITEM_COLUMNS = ("id", "kind", "status", "deadline", "last_date", "last_document", "label")


def build_report(db: Database, as_of: date, since: date | None, stale_days: int) -> dict[str, Any]:
    rows = item_rows(db, as_of=as_of, stale_days=stale_days)

    def counts(key: str) -> list[dict[str, Any]]:
        groups: dict[str, Counter[str]] = {}
        for row in rows:
            groups.setdefault(row[key] or "(unknown)", Counter())[row["status"]] += 1
        return [{key: name} | {s: groups[name][s] for s in STATUSES} for name in sorted(groups)]

    overdue = sorted((r for r in rows if r["overdue"]), key=lambda r: (r["deadline"], r["id"]))
    stale = sorted((r for r in rows if r["stale"]), key=lambda r: (r["last_seen"], r["id"]))
    open_items = sorted((r for r in rows if r["status"] == "open"), key=lambda r: (r["first_date"], r["id"]))
    return {
        "as_of": as_of.isoformat(),
        "since": since.isoformat() if since else None,
        "stale_days": stale_days,
        "totals": {s: sum(1 for r in rows if r["status"] == s) for s in STATUSES} | {"items": len(rows)},
        "by_kind": counts("kind"),
        "by_dossier": counts("dossier"),
        "by_ministry": counts("ministry"),
        "overdue": overdue,
        "stale": stale,
        "changes": changes_since(db, since, as_of) if since else [],
        "open": open_items,
    }


def _sections(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], tuple[str, ...]]]:
    count_cols = ("open", "closed", "partial", "lapsed")
    sections = [
        ("By kind", report["by_kind"], ("kind", *count_cols)),
        ("By dossier", report["by_dossier"], ("dossier", *count_cols)),
        ("By ministry", report["by_ministry"], ("ministry", *count_cols)),
        ("Overdue (oldest deadline first)", report["overdue"], ("id", "kind", "deadline", "deadline_phrase", "label")),
        (f"Stale (no letter for {report['stale_days']} days)", report["stale"], ("id", "kind", "last_seen", "label")),
    ]
    if report["since"]:
        sections.append(
            (
                f"Changed since {report['since']}",
                report["changes"],
                ("change", "id", "kind", "status", "by_document", "label"),
            )
        )
    sections.append(("Open items", report["open"], ITEM_COLUMNS))
    return sections


def _headline(report: dict[str, Any]) -> str:
    t = report["totals"]
    return (
        f"tracker report as of {report['as_of']}: {t['items']} items, {t['open']} open, {t['closed']} closed"
        + (f", {t['partial']} partial" if t["partial"] else "")
        + (f", {t['lapsed']} lapsed" if t["lapsed"] else "")
        + f"; {len(report['overdue'])} overdue, {len(report['stale'])} stale"
    )


def render_text(report: dict[str, Any]) -> str:
    parts: list[Any] = [Text(_headline(report))]
    for title, rows, columns in _sections(report):
        parts.append(Text(""))
        parts.append(table(rows, columns, title=title) if rows else Text(f"{title}: none"))
    return to_text(parts)


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
        return bool(report["overdue"])
    if fail_on == "open":
        return bool(report["open"])
    return False
