"""One pass over the sync folders: import what arrived in the inbox, write the outbox.

A sync engine (Syncthing, or a cloud drive's folder) carries the files; this
module only reads and writes plain files in two folders, so the app, the
``undercover sync`` command and a scheduled task all do the same thing.

Inbox: every ``*.undercover`` file in the inbox, or in a folder right inside it
(one per shopper, say), is imported on its own, so a bad one never stops the
others. Files a sync engine is still writing (hidden or ``~`` names, ``.tmp``,
``.part``, partial downloads) are not bundles yet and are left
alone; a damaged bundle changed in the last ``settle_s`` seconds may still be
arriving and waits for the next pass; after that it is moved to ``rejected/``
with a ``.txt`` saying why. Conflict copies are imported like any bundle,
since importing the same visit twice changes nothing. A file already
imported is recognised by name, size and time, or by its sha256.

Outbox: each completed visit made or edited on this computer is written as
``<evaluator>-<machine>-<visit id>.undercover`` (under a temporary name, renamed
when complete), and written again, under the same name, whenever it changes,
or when it went missing from the outbox (unless it came back set aside in
``rejected/``, as a two-way shared folder brings the other side's verdict).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from undercover.errors import UndercoverError
from undercover.exchange.backups import BackupFailed, BackupOnce
from undercover.exchange.bundle import SUFFIX, export_bundle
from undercover.exchange.importer import import_bundles
from undercover.outputs import atomic_output
from undercover.store import DatabaseError, Store
from undercover.store import settings as keys
from undercover.store.merge import MergeSummary
from undercover.store.sync_log import INBOX, OUTBOX

log = logging.getLogger(__name__)

REJECTED = "rejected"
SETTLE_S = 30.0  # a damaged file this recent may still be arriving
# Names sync engines and browsers give files they have not finished writing.
_UNFINISHED = (".tmp", ".part", ".partial", ".crdownload", ".download", ".!sync",
               ".opdownload", ".filepart")

IMPORTED, KNOWN, WAITING, REJECTED_NOW, UNREADABLE = (
    "imported", "known", "waiting", "rejected", "unreadable"
)


@dataclass(frozen=True)
class Folders:
    inbox: Path | None = None
    outbox: Path | None = None


def saved_folders(store: Store) -> Folders:
    """The folders chosen in Settings → Sync (None where none is chosen)."""
    def folder(key: str) -> Path | None:
        value = store.settings.get(key)
        return Path(value).expanduser() if isinstance(value, str) and value.strip() else None

    return Folders(folder(INBOX), folder(OUTBOX))


def save_folder(store: Store, which: str, folder: Path | str | None) -> None:
    """Remember the inbox (``which="inbox"``) or outbox folder; None or "" stops using it."""
    key = {"inbox": INBOX, "outbox": OUTBOX}[which]
    text = str(Path(folder).expanduser()) if folder and str(folder).strip() else ""
    store.settings.set(key, text)


@dataclass
class Arrival:
    """What happened to one file in the inbox."""

    name: str
    outcome: str
    detail: str = ""
    summary: MergeSummary | None = None

    def line(self) -> str:
        if self.outcome == IMPORTED and self.summary is not None:
            return f"{self.name}: imported ({self.summary.sentence()})"
        if self.outcome == WAITING:
            return f"{self.name}: still arriving; tried again on the next pass"
        if self.outcome == REJECTED_NOW:
            said = self.detail if self.detail.startswith(self.name) else (
                f"{self.name}: {self.detail}")
            return f"{said.rstrip('.')}. Moved to {REJECTED}/."
        return f"{self.name}: {self.detail}"


@dataclass
class SyncReport:
    """The outcome of one pass, for the status bar, the list of arrivals and the CLI."""

    inbox: Path | None = None
    outbox: Path | None = None
    arrivals: list[Arrival] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    totals: MergeSummary = field(default_factory=MergeSummary)
    stopped: bool = False  # the inbox import stopped: no backup could be taken
    backup: Path | None = None  # the copy taken before this pass imported anything

    def count(self, outcome: str) -> int:
        return sum(1 for a in self.arrivals if a.outcome == outcome)

    @property
    def changed(self) -> bool:
        """Whether visits in the database changed (the list needs reading again)."""
        return self.totals.changes > 0

    def lines(self) -> list[str]:
        """One line per file that did something (files already imported are not listed)."""
        lines = [a.line() for a in self.arrivals if a.outcome != KNOWN]
        lines += [f"{name}: written to the outbox" for name in self.sent]
        return lines

    def sentence(self) -> str:
        parts = []
        if self.inbox is not None:
            parts.append(f"Inbox: {self._inbox_sentence()}.")
        if self.outbox is not None:
            n = len(self.sent)
            parts.append(
                f"Outbox: {n} visit{'s' * (n != 1)} written." if n
                else "Outbox: nothing new to write."
            )
        return " ".join(parts)

    def _inbox_sentence(self) -> str:
        imported = self.count(IMPORTED)
        bits = []
        if imported:
            bits.append(f"{imported} bundle{'s' * (imported != 1)} imported "
                        f"({self.totals.sentence()})")
        for outcome, words in ((KNOWN, "already imported"), (WAITING, "still arriving"),
                               (REJECTED_NOW, f"rejected (moved to {REJECTED}/)"),
                               (UNREADABLE, "could not be read")):
            n = self.count(outcome)
            if n:
                bits.append(f"{n} {words}")
        if self.stopped:
            bits.append("not imported, as no backup could be taken; left for the next pass")
        return ", ".join(bits) if bits else "no bundles"


def is_bundle_name(name: str) -> bool:
    """A finished bundle's name: ``*.undercover``, not hidden, not a temporary name."""
    lower = name.lower()
    return (lower.endswith(SUFFIX) and not name.startswith((".", "~"))
            and not lower.endswith(_UNFINISHED))


def bundle_name(evaluator_code: str, machine_id: str, visit_id: str) -> str:
    """The outbox name of a visit: who, which computer, which visit; never the same for two."""
    who = re.sub(r"[^\w-]+", "_", evaluator_code.strip())[:24].strip("_")
    machine = re.sub(r"[^0-9a-f]", "", machine_id.lower())[:8] or "machine"
    return f"{who + '-' if who else ''}{machine}-{visit_id}{SUFFIX}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_folder(folder: Path, what: str) -> None:
    if not folder.is_dir():
        raise UndercoverError(
            f"The {what} folder {folder} does not exist (or is not a folder). "
            "Create it or choose another in Settings → Sync."
        )


def sync_once(
    store: Store,
    inbox: Path | str | None = None,
    outbox: Path | str | None = None,
    *,
    settle_s: float = SETTLE_S,
    clock: Callable[[], float] = time.time,
) -> SyncReport:
    """Import the inbox, then write the outbox; either may be None (not used).

    Raises UndercoverError before doing anything when a folder is missing, and
    DatabaseError when the database cannot be written (the files stay as they are).
    Problems with single files are in the report, never raised.
    """
    report = SyncReport(
        Path(inbox).expanduser() if inbox else None,
        Path(outbox).expanduser() if outbox else None,
    )
    if report.inbox is None and report.outbox is None:
        raise UndercoverError(
            "No sync folders are set: choose them in Settings → Sync, "
            "or give --inbox or --outbox."
        )
    for folder, what in ((report.inbox, "inbox"), (report.outbox, "outbox")):
        if folder is not None:
            _check_folder(folder, what)
    if report.inbox is not None:
        _import_inbox(store, report.inbox, report, settle_s, clock)
    if report.outbox is not None:
        _write_outbox(store, report.outbox, report)
    return report


# -- the inbox ---------------------------------------------------------------------


def inbox_folders(inbox: Path) -> list[Path]:
    """The inbox and the folders right inside it (one per shopper, say), but not rejected/
    and not hidden ones (a sync engine's own, such as ``.stfolder``)."""
    folders = [inbox]
    with contextlib.suppress(OSError):  # an unreadable inbox is reported when listed
        folders += sorted(
            Path(entry.path) for entry in os.scandir(inbox)
            if entry.is_dir() and entry.name != REJECTED and not entry.name.startswith(".")
        )
    return folders


def _import_inbox(
    store: Store, inbox: Path, report: SyncReport, settle_s: float, clock: Callable[[], float]
) -> None:
    """Import each new bundle on its own; the pass's first write is preceded by one backup,
    and a failed backup leaves every file where it is for the next pass."""
    backup = BackupOnce(store.path)
    paths: list[Path] = []
    for folder in inbox_folders(inbox):
        try:
            paths += sorted(Path(e.path) for e in os.scandir(folder) if is_bundle_name(e.name))
        except OSError as exc:
            report.problems.append(f"Cannot read the folder {folder}: {exc.strerror or exc}.")
    for path in paths:
        try:
            arrival = _import_one(store, path, path.relative_to(inbox).as_posix(), settle_s,
                                  clock, backup)
        except BackupFailed as exc:
            report.problems.append(str(exc))
            report.stopped = True
            return
        finally:
            report.backup = backup.taken.path if backup.taken else None
        if arrival is None:
            continue
        report.arrivals.append(arrival)
        if arrival.summary is not None:
            report.totals.merge(arrival.summary)
        if arrival.outcome == UNREADABLE:
            report.problems.append(arrival.line())


def _import_one(
    store: Store, path: Path, name: str, settle_s: float, clock: Callable[[], float],
    backup: BackupOnce,
) -> Arrival | None:
    """Import one file; ``name`` is its path inside the inbox, as reports show it."""
    try:
        info = path.stat()
    except OSError:
        return None  # gone since the folder was listed (renamed by the sync engine)
    if not path.is_file():
        return None
    if store.sync.known_file(name, info.st_size, info.st_mtime_ns):
        return Arrival(name, KNOWN)
    try:
        sha = file_sha256(path)
    except FileNotFoundError:
        return None  # moved meanwhile by another pass (the app, a scheduled task)
    except OSError as exc:
        return Arrival(name, UNREADABLE, f"could not be read: {exc.strerror or exc}")
    if store.sync.known_content(sha):
        store.sync.remember(name, info.st_size, info.st_mtime_ns, sha)
        return Arrival(name, KNOWN)
    try:
        summary = import_bundles([path], store, backup=backup)
    except (DatabaseError, BackupFailed):
        raise  # the database, not the file: leave every file for the next pass
    except Exception as exc:  # one bad bundle never stops the others
        if not isinstance(exc, UndercoverError):
            log.exception("importing %s failed", path)
        reason = str(exc) if isinstance(exc, UndercoverError) else f"unexpected error: {exc}"
        if clock() - info.st_mtime < settle_s:
            return Arrival(name, WAITING, reason)
        try:
            now = path.stat()
        except FileNotFoundError:
            return None  # moved meanwhile by another pass (the app, a scheduled task)
        if (now.st_size, now.st_mtime_ns) != (info.st_size, info.st_mtime_ns):
            return Arrival(name, WAITING, reason)
        return _reject(store, path, name, reason)
    store.sync.remember(name, info.st_size, info.st_mtime_ns, sha)
    return Arrival(name, IMPORTED, summary=summary)


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, n = name[: -len(SUFFIX)] if name.lower().endswith(SUFFIX) else name, 2
    while target.exists() or Path(f"{target}.txt").exists():
        target = folder / f"{stem} ({n}){SUFFIX}"
        n += 1
    return target


def _reject(store: Store, path: Path, name: str, reason: str) -> Arrival | None:
    """Move a bad bundle to rejected/ beside it, with a note saying why."""
    folder = path.parent / REJECTED
    try:
        folder.mkdir(exist_ok=True)
        target = _free_name(folder, path.name)
        os.replace(path, target)
    except FileNotFoundError:
        return None  # gone meanwhile: another pass (the app, a scheduled task) moved it
    except OSError as exc:
        return Arrival(name, UNREADABLE,
                       f"cannot be imported ({reason}) and could not be moved to "
                       f"{REJECTED}/: {exc.strerror or exc}")
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    note = (
        f"Undercover did not import {path.name} (moved here from the inbox on {when}).\n\n"
        f"Why: {reason}\n\n"
        "Nothing from this file was added to the database. Ask the sender to send the "
        "visit again; if it was made by a newer version of Undercover, update Undercover "
        "and move the file back into the inbox.\n"
    )
    try:
        with atomic_output(Path(f"{target}.txt"), database=store.path) as out:
            out.write(note.encode())
    except UndercoverError as exc:
        log.warning("could not write the note for %s: %s", target, exc)
    return Arrival(name, REJECTED_NOW, reason)


# -- the outbox --------------------------------------------------------------------


def _write_outbox(store: Store, outbox: Path, report: SyncReport) -> None:
    machine = str(store.settings.get(keys.MACHINE_ID) or "")
    sent = store.sync.sent()
    for visit in store.sync.completed(machine):
        name = bundle_name(visit.evaluator_code, machine, visit.visit_id)
        before = sent.get(visit.visit_id)
        unchanged = (before is not None and before.stamp == visit.stamp
                     and before.file_name == name)
        # Unchanged: written again only if it went missing, and not if the other side set
        # it aside (it would refuse it again, for ever); the next edit sends it anew.
        if unchanged and ((outbox / name).is_file()
                          or (outbox / REJECTED / f"{name}.txt").exists()):
            continue
        target = outbox / name
        try:
            export_bundle(store, [visit.visit_id], target)
            info = target.stat()
            store.sync.remember(name, info.st_size, info.st_mtime_ns, file_sha256(target))
        except DatabaseError:
            raise
        except (UndercoverError, OSError) as exc:
            report.problems.append(f"{name} could not be written to the outbox: {exc}")
            return  # a full disk or a read-only folder fails the same way for the rest
        if before is not None and before.file_name != name:
            (outbox / before.file_name).unlink(missing_ok=True)
        store.sync.record_sent(visit.visit_id, visit.stamp, name)
        report.sent.append(name)
