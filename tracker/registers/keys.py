"""How an item and a register record find each other."""

from __future__ import annotations

# An item's key in the registers, from its own columns ({p}: the table alias with its dot, or "").
# The same text is indexed, so looking up the items of register records is an index search.
ITEM_REGISTER_KEY = """(case
    when coalesce({p}ek_nummer, '') != '' then 'EK:' || upper({p}ek_nummer)
    when upper(coalesce({p}public_id, '')) glob 'TZ[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9]' then 'TK:' || upper({p}public_id)
    when {p}kind = 'motie' and coalesce({p}dossier, '') != '' and coalesce({p}ondernummer, '') glob '[1-9]*'
        and not {p}ondernummer glob '*[^0-9]*' then 'TK:kst-' || {p}dossier || '-' || {p}ondernummer
end)"""


def item_register_key(prefix: str = "") -> str:
    return ITEM_REGISTER_KEY.format(p=prefix)


def register_deadlines_update(table: str) -> str:
    """SQL that gives the items of a status table the Eerste Kamer register's deadline, as the
    trigger on `item_status` does for the stored one (for tables worked out as of a past date)."""
    return f"""update {table} set deadline = (
            select r.deadline from items i join register_records r on r.key = {item_register_key("i.")}
            where i.id = {table}.item_id)
        where item_id in (
            select i.id from register_records r join items i on {item_register_key("i.")} = r.key
            where r.register = 'EK' and r.deleted = 0 and r.deadline is not null)"""
