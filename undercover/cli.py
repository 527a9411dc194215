"""The ``undercover`` command: opens the app, or runs one task on a database and exits.

Exit codes are a contract scripts rely on: 0 success; 1 a problem the user can
fix, told in one line on stderr; 2 bad usage. Heavy modules (Qt, ReportLab,
Pillow) are imported only by the commands that need them, so listing stays fast.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from undercover import __version__
from undercover.errors import UndercoverError, one_line_message
from undercover.paths import default_db_path

if TYPE_CHECKING:
    from undercover.domain.visit import VisitSummary

log = logging.getLogger(__name__)


def _open_store(args: argparse.Namespace, create: bool = False):
    """Commands that only read refuse a missing file: a mistyped --db should say so.

    Opening for writing upgrades an older file in place: a copy goes into the backups
    folder first (without it, the store's own copy beside the file still protects it).
    """
    from undercover.exchange.backups import upgrade_backup_problem
    from undercover.store import Store

    problem = upgrade_backup_problem(Path(args.db))
    if problem is not None:
        _warn([f"no copy in the backups folder before upgrading {args.db}: {problem}"])
    return Store.open(args.db, create=create)


def _read_store(args: argparse.Namespace):
    """Commands that only read never create, upgrade or write the file; they say why not."""
    from undercover.store import Store

    return Store.open(args.db, read_only=True)


def _warn(lines: Sequence[str]) -> None:
    """One line on stderr per problem that did not stop the command."""
    for line in lines:
        print(f"undercover: {line}", file=sys.stderr)


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 1)


def cmd_list(args: argparse.Namespace) -> int:
    """Readable visits on stdout, one line per unreadable one on stderr (then exit 1)."""
    unreadable: list[str] = []
    with _read_store(args) as store:
        visits = store.visits.summaries(problems=unreadable)
    _warn(unreadable)
    status = 1 if unreadable else 0
    if args.json:
        # A draft's score is provisional: kept apart, so sorting by "score" never ranks
        # an unfinished visit among completed ones. Below the minimum coverage a visit has
        # no headline score at all, as in its report ("not enough answers").
        rows = [
            {
                "id": v.id,
                "location": v.location,
                "date": v.date,
                "status": v.status.value,
                "score": _rounded(v.headline) if v.status.value == "completed" else None,
                "draft_score": None if v.status.value == "completed" else _rounded(v.score),
                "enough_answers": v.enough,
                "scored_answered": v.scored_answered,
                "scored_total": v.scored_total,
                "channel": v.channel.value,
                "evaluator": v.evaluator_code,
                "flagged": v.flagged,
                "checklist": v.checklist_key,
            }
            for v in visits
        ]
        # dumps() runs the C encoder; dump() to a stream would encode piece by piece.
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return status
    if not visits:
        if not unreadable:
            print("No visits yet. Start one in the app, or run: undercover demo")
        return status
    locations = [_cell(v.location) for v in visits]
    width = max(len(location) for location in locations)
    for v, location in zip(visits, locations, strict=True):
        score = "  -  " if v.headline is None else f"{v.headline:5.1f}"
        note = _score_note(v)
        flag = " !" if v.flagged else ("  " if note else "")
        line = f"{v.id[:8]}  {v.date}  {location:<{width}}  {v.status.value:<9}  {score}{flag}"
        print(f"{line}  {note}" if note else line)
    return status


def _score_note(v: VisitSummary) -> str:
    """Why a listed score is missing or only provisional, in the words the report uses."""
    if not v.enough and v.scored_answered is not None and v.scored_total:
        return f"not enough answers ({v.scored_answered} of {v.scored_total})"
    if v.headline is not None and v.status.value == "draft":
        return "provisional (draft)"
    return ""


def _cell(text: str, limit: int = 40) -> str:
    """A name as a column of a listing shows it: on one line, shortened with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cmd_checklist_list(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        stored = store.checklists.stored()
        _warn([f"skipped {line}" for line in store.checklists.problems])
    if not stored:
        print("No checklists in this database.")
        return 0
    rows = [("KEY", "VERSION", "TITLE", "AUDIENCE", "QUESTIONS", "FROM")]
    rows += [
        (_cell(c.key), str(c.version), _cell(c.title), c.audience,
         "?" if c.questions is None else str(c.questions), c.source)
        for c in stored
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[5]]))
    return 0


def cmd_checklist_add(args: argparse.Namespace) -> int:
    # Without --db, the default database is created if needed: adding a checklist
    # before first opening the app is fine. A mistyped --db is refused.
    with _open_store(args, create=not args.db_given) as store:
        added = store.checklists.add_file(Path(args.file).expanduser())
    c = added.checklist
    if added.duplicate:
        print(f"{args.file} is already stored as {c.key} version {c.version}; nothing added.")
    else:
        print(f"Added {c.title} ({c.key} version {c.version}, {len(c.questions)} questions) "
              f"to {args.db}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from undercover.demo import create_demo

    if args.visits < 1:
        raise UndercoverError("--visits must be 1 or more.")
    with _open_store(args, create=True) as store:
        before = store.visits.count()
        created = create_demo(store, visits=args.visits, seed=args.seed, force=args.force)
    visits = f"{created} visit{'s' * (created != 1)}"
    if before:
        print(f"Added the demo business's {visits} to the {before} already in {args.db}")
    else:
        print(f"Created the demo business with {visits} in {args.db}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from undercover.exchange.backup import backup
    from undercover.outputs import check_output

    check_output(args.output, Path(args.db))  # before the database is even opened
    with _read_store(args) as store:
        target = backup(store, Path(args.output))
    print(f"Backed up to {target}")
    return 0


def cmd_csv(args: argparse.Namespace) -> int:
    from undercover.exchange.csv_export import Scope, write_csv
    from undercover.outputs import check_output

    check_output(args.output, Path(args.db))  # before the database is even opened
    scope = Scope(location=args.location, since=args.since, until=args.until)
    unreadable: list[str] = []
    with _read_store(args) as store:
        count = write_csv(store, args.output, scope, per_visit=args.visits,
                          problems=unreadable)
    _warn(unreadable)
    if args.output != "-":
        rows = "one row per visit" if args.visits else "one row per answer"
        print(f"Wrote {count} visit{'s' * (count != 1)} ({rows}) to {args.output}")
    return 1 if unreadable else 0


def cmd_restore(args: argparse.Namespace) -> int:
    from undercover.exchange.backups import restore

    restored = restore(Path(args.db), Path(args.file))
    count = f"{restored.visits} visit{'s' * (restored.visits != 1)}"
    print(f"Restored {restored.source} ({count}) into {args.db}")
    if restored.kept is not None:
        print(f"What it replaced is kept in {restored.kept}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    summary = (args.all or args.location is not None or args.since is not None
               or args.until is not None)
    if args.visit_ids and summary:
        print("undercover report: give visit ids, or --all/--location/--since/--until for a "
              "summary, not both", file=sys.stderr)
        return 2
    if not args.visit_ids and not summary:
        print("undercover report: give one or more visit ids, --location NAME or --all for a "
              "summary", file=sys.stderr)
        return 2
    from undercover.outputs import STDOUT, check_output
    from undercover.report import export_summary, export_visits
    from undercover.report.summary_data import check_day

    check_output(args.output, Path(args.db))  # before the database is even opened
    if args.output == STDOUT and sys.stdout.isatty():
        raise UndercoverError(
            "Standard output is the terminal, and a PDF is not text; pipe it into a file "
            "or a program, or give a file name with -o."
        )
    output = Path(args.output).expanduser()
    if summary:
        since = check_day(args.since, "--since")
        until = check_day(args.until, "--until")
        left_out: list[str] = []  # visits this version cannot read: named, then exit 1
        try:
            with _read_store(args) as store:
                export_summary(store, output, location=args.location, since=since,
                               until=until, problems=left_out)
        finally:
            _warn(left_out)
        if args.output != STDOUT:  # with -o - the PDF is all that goes to stdout
            print(f"Wrote the summary of findings to {output}")
        return 1 if left_out else 0
    with _read_store(args) as store:
        ids = [store.visits.resolve(prefix) for prefix in args.visit_ids]
        export_visits(store, ids, output)
    count = len(dict.fromkeys(ids))
    if args.output != STDOUT:
        print(f"Wrote the findings of {count} visit{'s' * (count != 1)} to {output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    chosen = sum([bool(args.visit_ids), args.all, args.since is not None])
    if chosen != 1:
        print("undercover export: give visit ids, --all or --since DATE (one of them)",
              file=sys.stderr)
        return 2
    from undercover.exchange.bundle import export_bundle
    from undercover.store.records import visit_ids

    since = None
    if args.since is not None:
        try:
            since = date.fromisoformat(args.since.strip()).isoformat()
        except ValueError:
            raise UndercoverError(
                f"--since must be a date written as YYYY-MM-DD, not {args.since!r}."
            ) from None
    with _read_store(args) as store:
        if args.visit_ids:
            ids = [store.visits.resolve(prefix) for prefix in args.visit_ids]
        else:
            ids = visit_ids(store.db, changed_since=since)
        if not ids:
            what = f"changed since {since}" if since else "in this database"
            raise UndercoverError(f"There are no visits {what}; no file was written.")
        sent = export_bundle(store, ids, args.output)
    photos = f" with {sent.photos} photo{'s' * (sent.photos != 1)}"
    print(f"Wrote {sent.visits} visit{'s' * (sent.visits != 1)}{photos} to {args.output}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from undercover.exchange.backups import BackupOnce
    from undercover.exchange.importer import import_bundles

    with _open_store(args, create=True) as store:
        backup = BackupOnce(store.path)
        summary = import_bundles(args.files, store, backup=backup)
    print(f"Imported {len(args.files)} bundle{'s' * (len(args.files) != 1)}: "
          f"{summary.sentence()}.")
    if backup.taken is not None:
        print(f"The database as it was before is kept in {backup.taken.path}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from undercover.exchange.sync import saved_folders, sync_once

    with _open_store(args, create=bool(args.inbox)) as store:
        folders = saved_folders(store)
        if args.inbox or args.outbox:  # folders given here replace the saved ones
            inbox, outbox = args.inbox, args.outbox
        else:
            inbox, outbox = folders.inbox, folders.outbox
        report = sync_once(store, inbox, outbox)
    for line in report.lines():
        print(line)
    print(report.sentence())
    if report.backup is not None:
        print(f"The database as it was before the import is kept in {report.backup}")
    for problem in report.problems:
        print(f"undercover: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


def _checklist_usage(args: argparse.Namespace) -> int:
    print("undercover checklist: say what to do: list, or add FILE.toml", file=sys.stderr)
    return 2


def cmd_self_test(args: argparse.Namespace) -> int:
    from undercover.selftest import run_self_test

    return run_self_test()


def check_bundles(names: Sequence[str]) -> list[Path]:
    """The files given to open with the app: each must be an existing ``.undercover`` file.

    A desktop passes them when a bundle is double-clicked (``Exec=undercover %F``).
    """
    from undercover.exchange.bundle import SUFFIX

    paths = []
    for name in names:
        path = Path(name).expanduser()
        if path.suffix.lower() != SUFFIX:
            also = f"; to open a database, use --db {name}" if path.suffix.lower() == ".db" else ""
            raise UndercoverError(
                f"{name} is not an Undercover bundle: the app opens files ending in {SUFFIX} "
                f"(visits sent by a shopper){also}."
            )
        if not path.exists():
            raise UndercoverError(f"There is no file {name}.")
        if not path.is_file():
            raise UndercoverError(f"{name} is not a file.")
        paths.append(path.absolute())
    return paths


def cmd_gui(args: argparse.Namespace) -> int:
    bundles = check_bundles(args.bundles_to_open)
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless and not os.environ.get("QT_QPA_PLATFORM"):
        raise UndercoverError(
            "No screen found (DISPLAY is not set). Run Undercover on a desktop, "
            "or under a virtual screen: xvfb-run -a undercover"
        )
    from undercover.ui.app import run_app

    # Without --db or UNDERCOVER_DB the app reopens the database used last time.
    asked = args.db_given or os.environ.get("UNDERCOVER_DB")
    return run_app(Path(args.db) if asked else None, bundles)


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    """The names of the top-level commands (list, import, ...)."""
    return {
        name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def build_parser() -> argparse.ArgumentParser:
    db_help = "the database file (default: $UNDERCOVER_DB or the user data folder)"
    parser = argparse.ArgumentParser(
        prog="undercover",
        description="Mystery-shopper visits, findings and reports, offline.",
    )
    parser.add_argument("--version", action="version", version=f"undercover {__version__}")
    parser.add_argument("--db", default=None, help=db_help)
    parser.add_argument("--self-test", action="store_true",
                        help="check this copy of Undercover works, in a temporary folder, "
                        "with no window; prints what it checked")
    parser.set_defaults(func=cmd_gui, command=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str):
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
        p.set_defaults(func=func, command=name)
        return p

    p = command("demo", cmd_demo, "create a realistic demo business to explore")
    p.add_argument("--visits", type=int, default=12, help="how many visits (default 12)")
    p.add_argument("--seed", type=int, default=None, help="repeat the same demo data")
    p.add_argument("--force", action="store_true",
                   help="add the demo visits even if the database already holds visits")

    p = command("list", cmd_list, "list visits: id, location, date, status, score")
    p.add_argument("--json", action="store_true", help="one JSON array, for scripts")

    p = command("report", cmd_report, "print findings as a PDF")
    p.add_argument("visit_ids", nargs="*", metavar="VISIT_ID",
                   help="visits to print, one after another (any unique id prefix)")
    p.add_argument("--location", metavar="NAME",
                   help="print a summary across the visits of this location")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="summary: first day to include")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="summary: last day to include")
    p.add_argument("--all", action="store_true",
                   help="print a summary across every location and date")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")

    checklist = command("checklist", _checklist_usage, "list the checklists, or add your own")
    checklist_sub = checklist.add_subparsers(title="checklist commands", metavar="COMMAND")

    def checklist_command(name: str, func: Callable[[argparse.Namespace], int], help: str):
        p = checklist_sub.add_parser(name, help=help, description=help)
        p.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
        p.set_defaults(func=func, command=f"checklist {name}")
        return p

    checklist_command("list", cmd_checklist_list,
                      "every stored checklist version: key, version, title, questions")
    p = checklist_command("add", cmd_checklist_add,
                          "check a TOML checklist file and store it as a new version")
    p.add_argument("file", metavar="FILE.toml")

    p = command("export", cmd_export, "send visits as one .undercover file")
    p.add_argument("visit_ids", nargs="*", metavar="VISIT_ID",
                   help="visits to send (any unique id prefix)")
    p.add_argument("--all", action="store_true", help="send every visit")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="send visits changed on or after")
    p.add_argument("-o", "--output", required=True, metavar="FILE.undercover")

    p = command("import", cmd_import, "add or update visits from .undercover files")
    p.add_argument("files", nargs="+", metavar="FILE.undercover")

    p = command("sync", cmd_sync, "one pass over the sync folders: import the inbox, "
                "write completed visits to the outbox")
    p.add_argument("--inbox", metavar="DIR", help="import bundles found here "
                   "(default: the folders chosen in Settings → Sync)")
    p.add_argument("--outbox", metavar="DIR", help="write completed visits here")

    p = command("csv", cmd_csv, "answers (or visits) as a CSV file for spreadsheets")
    p.add_argument("--visits", action="store_true",
                   help="one row per visit (scores, flags, findings) instead of per answer")
    p.add_argument("--location", metavar="NAME", help="only the visits of this location")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="first day to include")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="last day to include")
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv", help="'-' for stdout")

    p = command("restore", cmd_restore,
                "put a backup in place of the database (the current contents are kept)")
    p.add_argument("file", metavar="FILE", help="the backup to restore")

    p = command("backup", cmd_backup, "copy the whole database to a new file")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    return parser


def split_files(argv: Sequence[str], commands: Iterable[str]) -> tuple[list[str], list[str]]:
    """``undercover [--db PATH] FILE.undercover...``: the options, and the files to open.

    The first word that is not an option decides: a command name, or a bare word that
    names no file (a mistyped command), leaves everything to the commands; a path
    (with a dot or a slash in it, or an existing file) starts the files to open.
    ``--`` ends the options.
    """
    options: list[str] = []
    files: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            files += list(words)
        elif word.startswith("-") and word != "-":
            options.append(word)
            if word == "--db":
                options += [value for value in [next(words, None)] if value is not None]
        elif files or _looks_like_a_file(word, commands):
            files.append(word)
        else:
            return list(argv), []
    return options, files


def _looks_like_a_file(word: str, commands: Iterable[str]) -> bool:
    if word in commands:
        return False
    return "." in word or "/" in word or os.sep in word or os.path.exists(word)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    argv, files = split_files(argv, _commands(parser))
    args = parser.parse_args(argv)
    args.bundles_to_open = files  # not "files": the import command's own argument
    if files and args.self_test:
        parser.error("--self-test opens no files")
    args.db_given = args.db is not None
    if args.db is not None and not args.db.strip():  # an unset shell variable, say
        parser.error("--db needs a file name; without --db the default database is used")
    args.db = str(Path(args.db).expanduser()) if args.db else str(default_db_path())
    from undercover.logs import setup_logging

    log_path = setup_logging()
    if args.self_test:
        if args.command is not None or args.db_given:
            parser.error("--self-test takes no command and no --db")
        args.func = cmd_self_test
    try:
        return args.func(args)
    except UndercoverError as exc:
        print(f"undercover: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("undercover: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        log.exception("unexpected error in %s", args.command or "the app")
        where = f" (details in {log_path})" if log_path else ""
        print(f"undercover: unexpected error: {one_line_message(exc)}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
