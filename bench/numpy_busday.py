#!/usr/bin/python3
"""Baseline for bench/calendar_bench.cpp: numpy.busday_offset on the same 10 million
(date, N) pairs, with the same holidays and a Monday–Friday mask (numpy cannot express
adjusted working weekends). Prints seconds and pairs per second."""
import json
import pathlib
import sys
import time

import numpy as np

PAIRS = 10_000_000


def holidays(data_dir: pathlib.Path) -> np.ndarray:
    days = []
    for path in sorted(data_dir.glob("*.json")):
        for day in json.loads(path.read_text(encoding="utf-8"))["days"]:
            if day["isOffDay"]:
                days.append(day["date"])
    return np.array(sorted(set(days)), dtype="datetime64[D]")


def main() -> int:
    data_dir = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "rules/data/cn-holidays")
    calendar = np.busdaycalendar(weekmask="1111100", holidays=holidays(data_dir))
    i = np.arange(PAIRS, dtype=np.int64)
    first = np.datetime64("2019-01-01", "D")
    span = (np.datetime64("2026-12-31", "D") - first).astype(np.int64) + 1
    dates = first + (i * 7919) % span
    counts = 1 + (i * 31) % 30
    best = None
    for _ in range(3):
        start = time.perf_counter()
        # roll="backward" then +N: the Nth business day strictly after the date.
        due = np.busday_offset(dates, counts, roll="backward", busdaycal=calendar)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    checksum = int(due.astype(np.int64).sum())
    print(f"numpy.busday_offset: {PAIRS} pairs in {best * 1000:.0f} ms = {PAIRS / best / 1e6:.1f} M/s "
          f"(checksum {checksum})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
