"""`tracker serve`: the database as web pages, through Datasette, read-only.

Datasette is an optional extra (`pip install 'tracker[web]'`). What the pages show is described in
metadata.yaml (tables, columns, facets, canned queries); cells.py turns item ids, kamerstukken and
letters into links. The database is opened read-only (SQLite's mode=ro): pages show letters ingested
while the server runs, and nothing the pages do can change the file.
"""

from __future__ import annotations

import errno
import os
import socket
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from tracker.store.database import open_db

DATABASE_NAME = "tracker"  # the database's name in the pages' addresses: /tracker/current_status
INSTALL_HINT = (
    "the web pages need Datasette, which is not installed; install it with: pip install 'tracker[web]' "
    "(in a checkout of tracker: .venv/bin/pip install -e '.[web]')"
)


class ServeError(Exception):
    """The pages cannot be served (Datasette missing, the address taken); the message says what to do."""


def metadata() -> dict[str, Any]:
    """Titles, descriptions, facets and canned queries (metadata.yaml)."""
    loaded: dict[str, Any] = yaml.safe_load(files("tracker.web").joinpath("metadata.yaml").read_text("utf-8"))
    return loaded


def make_datasette(db_path: Path) -> Any:
    """A Datasette instance serving the tracker database at `db_path` read-only.

    Raises StoreError when the file is not a current tracker database (it is never upgraded
    here), ServeError when Datasette is not installed."""
    open_db(db_path, create=False, write=False, upgrade=False).close()
    try:
        from datasette.app import Datasette
        from datasette.database import Database
        from datasette.plugins import pm
    except ImportError:
        raise ServeError(INSTALL_HINT) from None
    from tracker.web import cells

    if not pm.is_registered(cells):
        pm.register(cells, name="tracker-cells")
    static = str(files("tracker.web").joinpath("static"))
    datasette = Datasette(
        metadata=metadata(), settings={"suggest_facets": False}, static_mounts=[("tracker-static", static)]
    )
    datasette.remove_database("_memory")
    # A read-only connection (mode=ro) sees what other runs write. In a folder nobody may write to,
    # SQLite cannot make a WAL database's shared-memory file; nobody can be writing it then, so it
    # is opened as an unchanging file (immutable=1), as tracker's own reading commands do.
    folder = db_path.resolve().parent
    mutable = os.access(folder, os.W_OK | os.X_OK)
    datasette.add_database(Database(datasette, path=str(db_path.resolve()), is_mutable=mutable), name=DATABASE_NAME)
    return datasette


def check_address(host: str, port: int) -> None:
    """Raises ServeError with one line when the server could not listen at host:port."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = (
            "is in use"
            if exc.errno == errno.EADDRINUSE
            else f"cannot be used ({os.strerror(exc.errno) if exc.errno else exc})"
        )
        raise ServeError(
            f"address {host}:{port} {reason}; pass --port with another port or --host with another address"
        ) from None


def serve(datasette: Any, host: str, port: int) -> None:
    """Serve `make_datasette`'s pages until interrupted (Ctrl-C)."""
    import uvicorn  # installed with Datasette

    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
