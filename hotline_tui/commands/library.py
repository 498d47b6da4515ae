"""`hotline library search|export|import|reindex`: the problem library without the UI (H9)."""

from __future__ import annotations

import argparse
import json
import sys

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("library", help="search, export, import or reindex the problem library")
    inner = p.add_subparsers(dest="library_command", metavar="ACTION", required=True)
    s = inner.add_parser("search", help="ranked entries for a query (Chinese, pinyin, codes)")
    s.add_argument("query")
    s.add_argument("--json", action="store_true", help="print the hits as one JSON list")
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--product")
    s.add_argument("--module")
    s.add_argument(
        "--status",
        action="append",
        choices=["draft", "review", "published", "retired"],
        help="entry status to include (repeatable; default: published)",
    )
    s.set_defaults(handler=search)
    exp = inner.add_parser("export", help="write every entry to CSV/XLSX")
    exp.add_argument("path")
    exp.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    exp.set_defaults(handler=export_file)
    imp = inner.add_parser("import", help="add entries from CSV/XLSX (all or nothing)")
    imp.add_argument("path")
    imp.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    imp.set_defaults(handler=import_file)
    r = inner.add_parser("reindex", help="rebuild the search index from the entries")
    r.set_defaults(handler=reindex)


def _ctx(env):
    return env.context(getattr(env.args, "agent_no", None))


def search(env) -> int:
    from dataclasses import asdict

    from rich.text import Text

    from hotline_tui.services.admin.desk_reads import library_search

    a = env.args
    hits = library_search(
        _ctx(env),
        a.query,
        limit=max(1, min(a.limit, 200)),
        product=a.product,
        module=a.module,
        statuses=tuple(a.status or ("published",)),
    )
    if a.json:
        out = []
        for h in hits:
            d = asdict(h)
            d["snippet_text"] = Text.from_markup(h.snippet).plain
            out.append(d)
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print(_("No matching entry"))
        return 1
    for h in hits:
        used = _("used {n}×", n=h.usage_count)
        print(f"#{h.entry_id}\t{h.title}\t{h.product}\t{used}")
        print(f"\t{Text.from_markup(h.snippet).plain}")
    return 0


def export_file(env) -> int:
    from hotline_tui.services.library.spreadsheet import export_entries

    count = export_entries(_ctx(env), env.args.path)
    print(_("{n} rows written to {path}", n=count, path=env.args.path))
    return 0


def import_file(env) -> int:
    from hotline_tui.services.library.spreadsheet import ImportRejected, import_entries

    ctx = _ctx(env)
    try:
        count = import_entries(ctx, env.args.path)
    except ImportRejected as exc:
        print(_("Nothing was imported: {n} problems", n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(_("{n} library entries imported", n=count))
    return 0


def reindex(env) -> int:
    from hotline_tui.services.admin.desk_reads import library_reindex

    print(_("{n} entries indexed", n=library_reindex(_ctx(env))))
    return 0
