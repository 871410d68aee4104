"""Read iCalendar files with the `icalendar` package (an independent RFC 5545
parser) and print what a calendar app would see, as JSON, for tests/it/data.rs.

Usage: python3 ics_events.py FILE...  Exit 3 when `icalendar` is missing.
"""

import json
import sys

try:
    import icalendar
except ImportError:
    print("the Python package icalendar is not installed (pip install icalendar)", file=sys.stderr)
    sys.exit(3)


def value(v):
    if v is None:
        return None
    if hasattr(v, "dt"):
        return v.dt.isoformat()
    return str(v)


out = []
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    errors = [(c.name, e) for c in cal.walk() for e in getattr(c, "errors", [])]
    events = []
    for ev in cal.walk("VEVENT"):
        start = ev.get("DTSTART")
        events.append({
            "uid": value(ev.get("UID")),
            "summary": value(ev.get("SUMMARY")),
            "description": value(ev.get("DESCRIPTION")),
            "start": value(start),
            "start_is_date": start is not None and type(start.dt).__name__ == "date",
            "end": value(ev.get("DTEND")),
            "dtstamp": value(ev.get("DTSTAMP")),
            "url": value(ev.get("URL")),
        })
    out.append({
        "path": path,
        "version": value(cal.get("VERSION")),
        "prodid": value(cal.get("PRODID")),
        "name": value(cal.get("NAME")),
        "timezone": value(cal.get("X-WR-TIMEZONE")),
        "errors": [f"{n}: {e}" for n, e in errors],
        "events": events,
    })
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
