"""Run every benchmark module (bench/bench_*.py), print a table and write JSON.

Usage: python -m bench.run [--only NAME] [--json FILE]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Figure


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", help="run only bench modules whose name contains this")
    ap.add_argument("--json", default="bench-results.json", help="where to write the JSON results")
    args = ap.parse_args(argv)
    here = Path(__file__).resolve().parent
    figures: list[tuple[str, Figure]] = []
    failed: list[str] = []
    for mod in sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")):
        if args.only and args.only not in mod:
            continue
        print(f"# {mod} ...", file=sys.stderr, flush=True)
        try:
            for fig in importlib.import_module(f"bench.{mod}").run():
                figures.append((mod, fig))
        except Exception:
            traceback.print_exc()
            failed.append(mod)
    header = f"{'benchmark':<58} {'value':>12} {'unit':<6} {'reference':>12} {'ratio':>8}  target"
    print(header)
    print("-" * len(header))
    for _mod, f in figures:
        ref = "" if f.reference is None else f"{f.reference:.3f}"
        ratio = "" if f.ratio is None else f"{f.ratio:.3f}"
        mark = "" if f.ok is None else ("  ok" if f.ok else "  MISSED")
        print(f"{f.name:<58} {f.value:>12.3f} {f.unit:<6} {ref:>12} {ratio:>8}  {f.target}{mark}")
    payload = {"figures": [dict(module=m, **f.as_dict()) for m, f in figures], "failed_modules": failed}
    Path(args.json).write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    print(json.dumps(payload, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
