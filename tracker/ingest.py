"""Ingest on every core: worker processes read and extract letters, this process writes them.

Letters are extracted in parallel and handed back in the order of the file list, so a run with
`--jobs 4` stores exactly what `--jobs 1` stores. The one writer saves them in batched
transactions with a savepoint per letter (tracker/store/save.py, BatchWriter). `tracker extract --jobs`
uses the same workers, which hand back each letter's output instead of its rows."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.pipeline.extract import extract_document
from tracker.pipeline.load import MAX_BYTES, LoadError, load_document
from tracker.pipeline.model import Extraction
from tracker.rules import Rules, load_rules
from tracker.store.database import is_damage
from tracker.store.save import IDENTITY_RULES, BatchWriter, SaveResult, prepare_document


@dataclass
class Outcome:
    """What became of one file: saved (`result`), or an error message."""

    path: Path
    result: SaveResult | None = None
    error: str | None = None
    # SQLite refused to save it (a full disk, a read error): the run no longer vouches for the file
    # (tracker/store/database.py, the record of the last check)
    database_error: bool = False


# What a worker makes of a letter's extraction before handing it back: ingest's rows to save
# (prepare_document), or `tracker extract`'s output.
Finish = Callable[[Extraction, Rules], Any]


@dataclass
class Extracted:
    path: Path
    prepared: Any = None  # what Finish made; PreparedDocument for ingest
    error: str | None = None


class _Extractor:
    """Reads and extracts one file (in a worker process, or in this one)."""

    def __init__(self, rules: Rules, finish: Finish = prepare_document) -> None:
        self.rules = rules
        self.finish = finish

    def __call__(self, path: Path) -> Extracted:
        try:
            document = load_document(path)
            return Extracted(path, self.finish(extract_document(document, self.rules), self.rules))
        except LoadError as exc:
            return Extracted(path, error=str(exc))
        except Exception as exc:  # one file's trouble never stops the others
            detail = " ".join(str(exc).split())[:200]
            return Extracted(path, error=f"cannot be processed ({type(exc).__name__}: {detail})")


_worker: _Extractor | None = None


def _start_worker(rules_dir: Path | None, finish: Finish) -> None:
    global _worker
    _worker = _Extractor(load_rules(rules_dir), finish)


def _work(paths: list[Path]) -> list[Extracted]:
    assert _worker is not None
    return [_worker(path) for path in paths]


# Files a worker is handed at a time, and tasks kept in hand per worker process. The workers stay
# only this far ahead of the writer: when saving is the slower half they wait, so that the writer
# has a core of its own rather than a share of one with every worker, and the letters waiting to
# be saved never pile up in memory. Far enough that one slow letter (a long PDF) holding up the
# writer leaves the other workers something to do meanwhile.
_CHUNK = 4
_AHEAD = 16


def extract_files(
    files: list[Path], rules: Rules, rules_dir: Path | None, jobs: int, finish: Finish = prepare_document
) -> Iterator[Extracted]:
    """Every file read, extracted and finished (on `jobs` processes), in the order of `files`."""
    if jobs <= 1:
        yield from map(_Extractor(rules, finish), files)
        return
    chunks = deque(files[start : start + _CHUNK] for start in range(0, len(files), _CHUNK))
    while chunks:
        in_hand = yield from _in_pool(chunks, jobs, jobs * _AHEAD, rules_dir, finish)
        # A worker died (a crash in a reader's C code, the out-of-memory killer): the letters that
        # were in hand are read again one at a time, so that the one it dies on is known.
        one_by_one = deque([path] for chunk in in_hand for path in chunk)
        while one_by_one:
            for (path,) in (yield from _in_pool(one_by_one, 1, 1, rules_dir, finish)):
                yield Extracted(
                    path,
                    error="cannot be processed (the process reading it ended abruptly: a crash in a reader, or out of memory)",
                )


def _in_pool(
    chunks: deque[list[Path]], workers: int, ahead: int, rules_dir: Path | None, finish: Finish
) -> Generator[Extracted, None, list[list[Path]]]:
    """The results of `chunks` taken from the front, in order, until none is left (returns []) or
    a worker process dies (returns the chunks that were in hand, its own among them)."""
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(rules_dir, finish))
    pending: deque[tuple[list[Path], Future[list[Extracted]]]] = deque()
    try:
        while chunks or pending:
            while chunks and len(pending) < ahead:
                chunk = chunks.popleft()
                pending.append((chunk, pool.submit(_work, chunk)))
            try:
                results = pending[0][1].result()
            except BrokenProcessPool:
                return [chunk for chunk, _future in pending]
            pending.popleft()
            yield from results
        return []
    finally:  # what is not started yet is dropped; a letter in hand takes milliseconds
        pool.shutdown(wait=True, cancel_futures=True)


def _stored(db: Database, path: Path) -> bool:
    """Whether this exact file (by content) is stored already; unreadable files are left to the
    reader, which says what is wrong with them."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:  # a pipe would block here
            return False
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False
    # a file stored under earlier identity rules is read again; one of a forgotten letter goes to the
    # writer, which says so
    known = (
        "select 1 from documents d left join letters l on l.id = d.letter_id"
        " where d.sha256 = ? and d.identity_rules = ? and l.forgotten_at is null"
    )
    return db.execute(known, [sha256, IDENTITY_RULES]).fetchone() is not None


def ingest_files(
    db: Database,
    files: list[Path],
    rules: Rules,
    *,
    rules_dir: Path | None = None,
    jobs: int = 1,
    batch_size: int = 1000,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> None:
    """Extract `files` on `jobs` processes and save them; `report` hears of every file once its
    letter is committed (or has failed)."""
    writer = BatchWriter(db, batch_size)

    def commit() -> None:
        for result in writer.commit():
            report(Outcome(Path(result.path), result))

    # Files stored before are passed over without being extracted.
    todo = []
    for path in files:
        if _stored(db, path):
            report(Outcome(path, SaveResult(str(path), False, 0, 0, 0)))
        else:
            todo.append(path)
    try:
        for extracted in extract_files(todo, rules, rules_dir, min(jobs, len(todo))):
            if extracted.error is not None:
                report(Outcome(extracted.path, error=extracted.error))
            elif extracted.prepared is not None:
                try:
                    writer.save(extracted.prepared)
                except sqlite3.Error as exc:
                    if is_damage(exc):  # the file itself: nothing more is written into it
                        raise
                    report(Outcome(extracted.path, error=f"could not be saved ({exc})", database_error=True))
            if writer.full():
                commit()
        commit()
    except BaseException:
        writer.rollback()
        raise
