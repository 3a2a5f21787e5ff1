"""``python -m benchmarks [bench_x ...]``: run the benchmarks and write benchmarks/RESULTS.md.

With no names every ``bench_*`` module runs, each in its own process, and RESULTS.md is
written; with names only those run and the table is printed (``--output`` writes it too).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from benchmarks import runner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("modules", nargs="*", help="e.g. bench_frame (or frame); default: all")
    parser.add_argument("--output", type=Path, help="where to write the Markdown results")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        runner.run_child(args.child)
        return 0
    known = runner.discover()
    names = [m if m.startswith("bench_") else f"bench_{m}" for m in args.modules] or known
    unknown = [m for m in names if m not in known]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; known: {', '.join(known)}")
    sections = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows, took = runner.run_isolated(name)
        sections.append((name, rows, took))
        for r in rows:
            mark = runner.verdict(r)
            print(f"  {mark}  {r['name']}: {r.get('value')} {r.get('unit', '')}", flush=True)
    night = os.environ.get("BENCH_NIGHT_HOURS", "8")
    notes = [f"whole-night length: {night} h of virtual time (BENCH_NIGHT_HOURS)"]
    text = runner.to_markdown(runner.machine(), sections, notes)
    output = args.output or (runner.HERE / "RESULTS.md" if not args.modules else None)
    if output is not None:
        output.write_text(text + "\n")
        print(f"wrote {output}", file=sys.stderr)
    else:
        print(text)
    failed = sum(1 for _, rows, _ in sections for r in rows if r.get("passed") is False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
