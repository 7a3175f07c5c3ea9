#!/usr/bin/env python3
"""Rebuilds data/calendar/cn.json (govmedia's own calendar format) from holiday-cn year files.

Usage: tools/holiday_cn_to_calendar.py ../shared/data/holiday-cn/*.json > data/calendar/cn.json

A year whose file lists no day (a notice not yet published) is left out, so it stays uncovered.
The built-in calendar is compiled into the binary; a year published later is added at run time
with `govmedia calendar import FILE`, which takes the holiday-cn shape directly.
"""
import json
import sys

years = []
for path in sorted(sys.argv[1:]):
    if not path.split("/")[-1][:4].isdigit():
        continue
    with open(path, encoding="utf-8") as f:
        src = json.load(f)
    if not src["days"]:
        continue
    years.append({
        "year": src["year"],
        "papers": src["papers"],
        "off": {d["date"]: d["name"] for d in src["days"] if d["isOffDay"]},
        "work": {d["date"]: d["name"] for d in src["days"] if not d["isOffDay"]},
    })
out = {
    "format": "govmedia-calendar/1",
    "source": "NateScarlet/holiday-cn (MIT), parsed from the State Council's notices",
    "years": years,
}
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
