#!/usr/bin/env python3
"""Python's jsonschema as the peer of Marquee's RowValidator, for schema-validation throughput.

Usage: python validate_peer.py FILE --schema SCHEMA.json [--rows N] [--repeats N]

Reads the lines of FILE (JSON lines; the first N with --rows) into memory, untimed, as
Marquee's side reads its file before the clock starts. Then for every line, timed: json.loads,
and every error of the instance collected with Draft202012Validator(schema).iter_errors (no
format checker: format is an annotation, as in Marquee's validator and
scripts/schema-crosscheck.py). A line that is not JSON is invalid,
as in `marquee validate`. RowValidator also collects every error of a row, not just the first.

Prints one line of JSON: side, rows, valid, invalid, the seconds of each repeat, the median
rows_per_second and peak_rss_bytes of the process. Needs the jsonschema of scripts/pyenv.sh.
"""

import argparse
import importlib.metadata
import itertools
import json
import resource
import statistics
import sys
import time

try:
    import jsonschema
except ImportError:
    sys.exit("python package jsonschema is not installed for %s; run scripts/pyenv.sh" % sys.executable)


def validate_all(lines, validator):
    """Parses and validates every line; returns (valid, invalid)."""
    valid = invalid = 0
    loads, iter_errors = json.loads, validator.iter_errors
    for line in lines:
        try:
            instance = loads(line)
        except ValueError:
            invalid += 1
            continue
        errors = list(iter_errors(instance))
        if errors:
            invalid += 1
        else:
            valid += 1
    return valid, invalid


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--schema", required=True)
    parser.add_argument("--rows", type=int, help="validate only the first ROWS lines")
    parser.add_argument("--repeats", type=int, default=1)
    options = parser.parse_args()
    with open(options.schema, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    with open(options.file, "rb") as handle:
        lines = [line.rstrip(b"\n") for line in itertools.islice(handle, options.rows)]
    times = []
    for _ in range(max(1, options.repeats)):
        started = time.perf_counter()
        valid, invalid = validate_all(lines, validator)
        times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    print(json.dumps({
        "side": "jsonschema", "version": importlib.metadata.version("jsonschema"),
        "rows": len(lines), "valid": valid, "invalid": invalid, "seconds": times,
        "rows_per_second": len(lines) / seconds,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
