#!/usr/bin/env python3
"""Validates every schema fixture with Python's jsonschema, for comparison with Marquee's validator.

usage: schema-crosscheck.py <schemas-dir> <fixtures-dir>

The fixtures dir holds <schema-name>/{valid,invalid}/*.json; each is validated against
<schemas-dir>/<schema-name>.schema.json with Draft202012Validator and no format checker
(format is an annotation, as in Marquee's validator). Prints one line per fixture, sorted:
"<path relative to fixtures-dir> valid|invalid". Exits 2 when jsonschema is missing.
"""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("python package jsonschema is not installed for %s; run scripts/pyenv.sh\n" % sys.executable)
    sys.exit(2)


def main(schemas_dir: pathlib.Path, fixtures_dir: pathlib.Path) -> None:
    validators = {}
    for path in sorted(fixtures_dir.glob("*/*/*.json")):
        name = path.parent.parent.name
        if name not in validators:
            schema = json.loads((schemas_dir / (name + ".schema.json")).read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            validators[name] = jsonschema.Draft202012Validator(schema)
        instance = json.loads(path.read_text(encoding="utf-8"))
        verdict = "valid" if validators[name].is_valid(instance) else "invalid"
        print("%s %s" % (path.relative_to(fixtures_dir).as_posix(), verdict))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
