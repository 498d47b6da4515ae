"""`hotline customers import|export PATH`: customer units and contacts as CSV/XLSX (S1)."""

from __future__ import annotations

import argparse
import sys

from hotline_tui.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("customers", help="import or export customer units and contacts")
    inner = p.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    imp = inner.add_parser(
        "import", help="import units and contacts from CSV/XLSX (all or nothing)"
    )
    imp.add_argument("path", help="a .csv or .xlsx file, one contact per row")
    imp.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    imp.set_defaults(handler=import_file)
    exp = inner.add_parser("export", help="write every unit with contacts and products")
    exp.add_argument("path", help="the .csv or .xlsx file to write")
    exp.add_argument("--as", dest="agent_no", help="your agent number (a manager)")
    exp.set_defaults(handler=export_file)


def _ctx(env):
    return env.context(env.args.agent_no)


def import_file(env) -> int:
    from hotline_tui.services.customers.transfer import ImportRejected, import_customers

    ctx = _ctx(env)
    try:
        result = import_customers(ctx, env.args.path)
    except ImportRejected as exc:
        print(_("Nothing was imported: {n} problems", n=len(exc.problems)), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        _(
            "Imported: {created} new units, {updated} units updated, {contacts} contacts, "
            "{products} products",
            created=result.units_created,
            updated=result.units_updated,
            contacts=result.contacts_added,
            products=result.products_added,
        )
    )
    return 0


def export_file(env) -> int:
    from hotline_tui.services.customers.transfer import export_customers

    count = export_customers(_ctx(env), env.args.path)
    print(_("{n} rows written to {path}", n=count, path=env.args.path))
    return 0
