"""`python -m letter_templates.builders [NAME.docx …] [--out DIR]`: rebuild the shipped
templates (all of them, or those named) into letter_templates/ or DIR."""

from __future__ import annotations

import argparse
from pathlib import Path

from letter_templates.builders.shipped import BUILDERS, DIRECTORY


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m letter_templates.builders", description=__doc__
    )
    parser.add_argument("names", nargs="*", help=f"templates to build: {', '.join(BUILDERS)}")
    parser.add_argument("--out", type=Path, default=DIRECTORY, help="folder to write them to")
    options = parser.parse_args()
    unknown = sorted(set(options.names) - set(BUILDERS))
    if unknown:
        parser.error(f"no such template: {', '.join(unknown)}")
    options.out.mkdir(parents=True, exist_ok=True)
    for name in options.names or BUILDERS:
        print(BUILDERS[name](options.out / name))


if __name__ == "__main__":
    main()
