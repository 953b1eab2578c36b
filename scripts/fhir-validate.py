"""Validates FHIR R4 bundles with a third party's models: `fhir.resources` 6.4.0 (FHIR 4.0.1), from PyPI.

Each file is read as a Bundle; every entry's resource is read as the model of its `resourceType`. That checks the
structure of R4: every element is one R4 defines for that resource or data type (anything else is refused), required
elements are there, cardinality (a list or a single value), data types and the formats of primitives (ids, dates,
date-times, URIs, decimals), and one type for each choice element (`value[x]`). It does not check codes against
value sets, invariants, profiles or whether references resolve: KL's FFB constraints are checked by the core's native
tests (`export::tests::course`).

Usage: python scripts/fhir-validate.py FILE...  (exit status 1 when a file is not valid)
"""

import collections
import sys

from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle


def main(paths):
    if __fhir_version__ != "4.0.1":
        print(f"fhir-validate: fhir.resources models FHIR {__fhir_version__}, not R4 (4.0.1)", file=sys.stderr)
        return 1
    failed = 0
    for path in paths:
        try:
            bundle = Bundle.parse_file(path)
        except Exception as err:  # the models' errors name every field that failed
            failed += 1
            print(f"{path}: not valid FHIR R4:\n{err}", file=sys.stderr)
            continue
        kinds = collections.Counter(entry.resource.resource_type for entry in bundle.entry or [])
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        print(f"{path}: valid FHIR R4 Bundle: {counts or 'no entries'}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
