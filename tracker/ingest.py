"""Ingest on every core: worker processes read and extract letters, this process writes them.

Letters are extracted in parallel and handed back in the order of the file list, so a run with
`--jobs 4` stores exactly what `--jobs 1` stores. The one writer saves them in batched
transactions with a savepoint per letter (tracker/store/save.py, BatchWriter)."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from tracker.pipeline.extract import extract_document
from tracker.pipeline.load import LoadError, load_document
from tracker.rules import Rules, load_rules
from tracker.store.save import IDENTITY_RULES, BatchWriter, PreparedDocument, SaveResult, prepare_document


@dataclass
class Outcome:
    """What became of one file: saved (`result`), or an error message."""

    path: Path
    result: SaveResult | None = None
    error: str | None = None


@dataclass
class _Extracted:
    path: Path
    prepared: PreparedDocument | None = None
    unchanged: bool = False
    error: str | None = None


class _Extractor:
    """Reads and extracts one file; skips a file whose exact content is stored already."""

    def __init__(self, rules: Rules, db_path: Path | None) -> None:
        self.rules = rules
        self.db_path = db_path
        self.known: sqlite3.Connection | None = None

    def stored(self, sha256: str) -> bool:
        if self.db_path is None:
            return False
        if self.known is None:
            self.known = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=60)
        # fetchall ends the statement at once: no read lock is left that would hold up the writer
        return bool(
            self.known.execute(
                "select 1 from documents where sha256 = ? and identity_rules = ?", [sha256, IDENTITY_RULES]
            ).fetchall()
        )

    def __call__(self, path: Path) -> _Extracted:
        try:
            document = load_document(path)
            if self.stored(document.sha256):
                return _Extracted(path, unchanged=True)
            return _Extracted(path, prepare_document(extract_document(document, self.rules), self.rules))
        except LoadError as exc:
            return _Extracted(path, error=str(exc))
        except Exception as exc:  # one file's trouble never stops the others
            detail = " ".join(str(exc).split())[:200]
            return _Extracted(path, error=f"cannot be processed ({type(exc).__name__}: {detail})")


_worker: _Extractor | None = None


def _start_worker(rules_dir: Path | None, db_path: Path | None) -> None:
    global _worker
    _worker = _Extractor(load_rules(rules_dir), db_path)


def _work(path: Path) -> _Extracted:
    assert _worker is not None
    return _worker(path)


def _extracted(
    files: list[Path], rules: Rules, rules_dir: Path | None, db_path: Path | None, jobs: int
) -> Iterator[_Extracted]:
    if jobs <= 1:
        extractor = _Extractor(rules, db_path)
        yield from map(extractor, files)
        return
    with multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(rules_dir, db_path)) as pool:
        # Small chunks keep the writer busy from the start and the order of results fixed.
        yield from pool.imap(_work, files, chunksize=4)


def ingest_files(
    db: Database,
    files: list[Path],
    rules: Rules,
    *,
    rules_dir: Path | None = None,
    jobs: int = 1,
    batch_size: int = 200,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> None:
    """Extract `files` on `jobs` processes and save them; `report` hears of every file once its
    letter is committed (or has failed)."""
    db_file = db.conn.execute("pragma database_list").fetchone()[2]
    db_path = Path(db_file) if db_file else None
    writer = BatchWriter(db, batch_size)
    unchanged: list[Outcome] = []

    def commit() -> None:
        for result in writer.commit():
            report(Outcome(Path(result.path), result))
        for outcome in unchanged:
            report(outcome)
        unchanged.clear()

    try:
        for extracted in _extracted(files, rules, rules_dir, db_path, jobs):
            if extracted.error is not None:
                report(Outcome(extracted.path, error=extracted.error))
            elif extracted.unchanged or extracted.prepared is None:
                unchanged.append(Outcome(extracted.path, SaveResult(str(extracted.path), False, 0, 0, 0)))
            else:
                try:
                    writer.save(extracted.prepared)
                except sqlite3.Error as exc:
                    report(Outcome(extracted.path, error=f"could not be saved ({exc})"))
            if writer.full():
                commit()
        commit()
    except BaseException:
        writer.rollback()
        raise
