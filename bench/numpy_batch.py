#!/usr/bin/python3
"""Baseline for `deadlined deadline --batch`: reads FROM<TAB>N working days lines on stdin,
computes the due dates with numpy.busday_offset (same holidays, Mon–Fri mask) and writes
one `YYYY-MM-DDT23:59:59+08:00` line per input line."""
import json
import pathlib
import sys

import numpy as np


def main() -> int:
    data_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "rules/data/cn-holidays")
    off = sorted({d["date"] for p in data_dir.glob("*.json")
                  for d in json.loads(p.read_text(encoding="utf-8"))["days"] if d["isOffDay"]})
    calendar = np.busdaycalendar(weekmask="1111100", holidays=np.array(off, dtype="datetime64[D]"))
    froms, counts = [], []
    for line in sys.stdin.buffer:
        start, _, expr = line.partition(b"\t")
        froms.append(start[:10].decode())
        counts.append(int(expr.split(None, 1)[0]))
    dates = np.array(froms, dtype="datetime64[D]")
    due = np.busday_offset(dates, np.array(counts), roll="backward", busdaycal=calendar)
    out = np.char.add(due.astype("U10"), "T23:59:59+08:00")
    sys.stdout.write("\n".join(out.tolist()))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
