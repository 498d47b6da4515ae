"""The plain-text table of `bench run` (the JSON holds the same figures)."""

from __future__ import annotations

from typing import Any

ROWS = (
    ("open_items_manager", "manager's open items"),
    ("open_items_desk", "operator's desk"),
    ("save_call", "save a call (any step)"),
    ("call_start", "  start"),
    ("call_update", "  form saved"),
    ("call_solve", "  solved (+F1)"),
)
COLD = (
    ("cold_start", "cold start, agent typed"),
    ("cold_start_as", "cold start, --as AGENT"),
    ("cold_start_box", "cold start, to the box"),
)
SIGN_IN = "sign-in, Enter at the box to the items shown"


def _ms(r: dict[str, Any] | None) -> str:
    if not r:
        return f"{'-':>17}"
    return f"{r['median_ms']:>8.2f}{r['p95_ms']:>9.2f}"


def engine_report(name: str, e: dict[str, Any]) -> list[str]:
    if "skipped" in e:
        return [f"\n{name}: skipped ({e['skipped']})"]
    sizes = sorted(e["sizes"], key=int)
    lines = [f"\n{name}  (median / p95 in ms; target p95: queries 50, saves 10)"]
    lines.append(f"  {'measure':<26}" + "".join(f"{int(n):>17,}" for n in sizes) + "   growth")
    for key, label in ROWS:
        cells = "".join(_ms(e["sizes"][n].get(key)) for n in sizes)
        g = e["growth"].get(key)
        lines.append(f"  {label:<26}{cells}   {'' if g is None else f'{g:.2f}x'}")
    counts = "".join(f"{e['sizes'][n]['open_items_count']:>17}" for n in sizes)
    lines.append(f"  {'open items listed':<26}{counts}")
    for key, label in COLD:
        if cs := e.get(key):
            lines.append(
                f"  {label:<24} app {_ms(cs['app'])}   bare Textual {_ms(cs['bare'])}"
                f"   ratio {cs['ratio']:.2f} (target <= {cs['target_ratio']})"
            )
    if si := e.get("sign_in"):
        lines.append(f"  {SIGN_IN}  {_ms(si)}")
    if ls := e.get("library_search"):
        lines.append(
            f"  library search, {ls['entries']:,} entries: worst-kind p95 {ls['p95_ms']:.2f}"
            f"   LIKE scan p95 {ls['like_p95_ms']:.2f}   ratio {ls['ratio_to_like']:.3f}"
        )
    if ks := e.get("keystroke"):
        lines.append(
            f"  keystroke to screen {_ms(ks['key'])}   key to suggestions {_ms(ks['suggestions'])}"
        )
    if rss := e.get("peak_rss"):
        lines.append(
            f"  peak RSS app {rss['app_mb']:.1f} MB (target <= {rss['target_mb']})"
            f"   bare Textual {rss['bare_mb']:.1f} MB"
        )
    return lines


def text_report(report: dict[str, Any]) -> str:
    mach = report["machine"]
    lines = [
        f"machine: {mach.get('cpu', '?')}, {mach['nproc']} CPUs, {mach.get('memory_gb', '?')} GB;"
        f" Python {mach['python']}, SQLite {mach['sqlite']}, Textual {mach['textual']}"
    ]
    for name in ("sqlite", "postgresql"):
        if name in report:
            lines += engine_report(name, report[name])
    lines.append(f"\n({report['seconds']} s in all)")
    return "\n".join(lines)


def _md_ms(r: dict[str, Any] | None) -> str:
    return f"{r['median_ms']:.1f} / {r['p95_ms']:.1f}" if r else "-"


def markdown_report(report: dict[str, Any]) -> str:
    """The same figures as Markdown tables, for docs/PERFORMANCE.md."""
    out = []
    for name in ("sqlite", "postgresql"):
        e = report.get(name)
        if not e or "skipped" in e:
            continue
        sizes = sorted(e["sizes"], key=int)
        out.append(f"\n**{name}** (median / p95, ms)\n")
        out.append("| measure | " + " | ".join(f"{int(n):,} calls" for n in sizes) + " | growth |")
        out.append("|---" * (len(sizes) + 2) + "|")
        for key, label in ROWS:
            cells = " | ".join(_md_ms(e["sizes"][n].get(key)) for n in sizes)
            g = e["growth"].get(key)
            out.append(f"| {label.strip()} | {cells} | {'' if g is None else f'{g:.2f}x'} |")
        counts = " | ".join(str(e["sizes"][n]["open_items_count"]) for n in sizes)
        out.append(f"| open items listed | {counts} | |")
        ls, ks, rss = e["library_search"], e["keystroke"], e["peak_rss"]
        out.append(
            f"\n| whole-app measure ({int(sizes[-1]):,} calls) | figure | reference | ratio |"
        )
        out.append("|---|---|---|---|")
        for key, label in COLD:
            if c := e.get(key):
                out.append(
                    f"| {label} | {_md_ms(c['app'])} | bare Textual app"
                    f" {_md_ms(c['bare'])} | {c['ratio']:.2f} (target <= {c['target_ratio']}) |"
                )
        if si := e.get("sign_in"):
            out.append(f"| {SIGN_IN} | {_md_ms(si)} | | |")
        out.append(
            f"| library search, {ls['entries']:,} entries (worst kind p95) | {ls['p95_ms']:.1f}"
            f" | LIKE scan p95 {ls['like_p95_ms']:.1f} | {ls['ratio_to_like']:.3f} |"
        )
        out.append(f"| keystroke to screen | {_md_ms(ks['key'])} | | |")
        out.append(f"| key to suggestions shown | {_md_ms(ks['suggestions'])} | | |")
        out.append(
            f"| peak RSS of the app | {rss['app_mb']:.0f} MB | bare Textual {rss['bare_mb']:.0f} MB"
            f" | {rss['ratio_to_target']:.2f} of the 200 MB target |"
        )
    return "\n".join(out)
