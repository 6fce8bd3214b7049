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
