"""Runs the bench_* modules, each in its own process, and writes the results as Markdown.

A module that raises, crashes or times out becomes one failed row, and the others still run.
Each module's ``run()`` returns rows ``{name, value, unit, floor, ratio, target, passed}`` and,
for a time measured more than once, ``spread`` (see ``benchmarks.rows``).
"""

from __future__ import annotations

import json
import os
import pkgutil
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROW_MARK = "BENCH-ROW "
MODULE_TIMEOUT_S = float(os.environ.get("BENCH_MODULE_TIMEOUT_S", "3600"))


def discover() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))


def failed_row(module: str, why: str) -> dict:
    return {
        "name": f"{module} did not finish: {why}",
        "value": None,
        "unit": "",
        "floor": None,
        "ratio": None,
        "target": "runs",
        "passed": False,
    }


def run_here(module: str) -> list[dict]:
    """Import and run one module in this process; an exception becomes a failed row."""
    import importlib

    try:
        return list(importlib.import_module(f"benchmarks.{module}").run())
    except Exception as exc:
        traceback.print_exc()
        return [failed_row(module, f"{type(exc).__name__}: {exc}"[:300])]


def run_child(module: str) -> None:
    """The child side: print each row on its own marked line."""
    for row in run_here(module):
        print(ROW_MARK + json.dumps(row, default=str), flush=True)


def run_isolated(module: str, timeout_s: float = MODULE_TIMEOUT_S) -> tuple[list[dict], float]:
    """(rows, seconds) from a fresh ``python -m benchmarks --child module``."""
    cmd = [sys.executable, "-m", "benchmarks", "--child", module]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=HERE.parent, capture_output=True, text=True, timeout=timeout_s
        )
    except subprocess.TimeoutExpired:
        return [failed_row(module, f"timed out after {timeout_s:.0f} s")], timeout_s
    took = time.perf_counter() - start
    rows = [
        json.loads(line[len(ROW_MARK) :])
        for line in proc.stdout.splitlines()
        if line.startswith(ROW_MARK)
    ]
    if proc.returncode != 0:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])[-300:]
        rows.append(failed_row(module, f"exit status {proc.returncode}: {tail}"))
    elif not rows:
        rows.append(failed_row(module, "no rows"))
    return rows, took


def machine() -> dict[str, str]:
    """Machine, software versions and date for the results header."""
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} cores, {_cpu()}",
        "memory": _meminfo(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
    }
    try:
        from vrasmr import doctor

        for key, check in (
            ("packages", doctor.check_packages),
            ("OpenGL", doctor.check_gl),
            ("OpenAL", doctor.check_openal),
        ):
            info[key] = check().detail
    except Exception as exc:  # the header must not stop the results
        info["versions"] = f"unavailable ({exc})"
    return info


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _meminfo() -> str:
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "/")


def verdict(r: dict) -> str:
    """A row's result: pass, FAIL, or, for a row with no verdict (``passed`` None), "not
    measured" (no value) or "reported" (a figure with no target). Only FAIL fails."""
    passed = r.get("passed")
    if passed is None:
        return "not measured" if r.get("value") is None else "reported"
    return "pass" if passed else "FAIL"


def to_markdown(info: dict, sections: list[tuple[str, list[dict], float]], notes=()) -> str:
    rows = [r for _, rs, _ in sections for r in rs]
    judged = [r for r in rows if r.get("passed") is not None]
    passed = sum(1 for r in judged if r.get("passed"))
    unmeasured = sum(1 for r in rows if verdict(r) == "not measured")
    out = ["# Benchmark results", "", "Written by `make bench` (`python -m benchmarks`).", ""]
    out += [f"- **{k}**: {v}" for k, v in info.items()]
    out += [f"- {n}" for n in notes]
    summary = f"**{passed} of {len(judged)} judged rows pass"
    summary += f"; {unmeasured} not measured.**" if unmeasured else ".**"
    out += ["", summary, ""]
    for module, module_rows, took in sections:
        out += [f"## {module} ({took:.0f} s)", ""]
        out += ["| figure | value | unit | floor | ratio | spread | target | result |"]
        out += ["|---|---|---|---|---|---|---|---|"]
        for r in module_rows:
            verdict_text = verdict(r)
            verdict_text = "**FAIL**" if verdict_text == "FAIL" else verdict_text
            keys = ("name", "value", "unit", "floor", "ratio", "spread", "target")
            cells = [r.get(k) for k in keys]
            out.append("| " + " | ".join(_cell(c) for c in cells) + f" | {verdict_text} |")
        out.append("")
    return "\n".join(out)
