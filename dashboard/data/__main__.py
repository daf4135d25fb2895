"""Command line for the data layer: `python -m dashboard.data build|validate|generate`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.data import synthetic
from dashboard.data.build import BuildError, build, generate_extract
from dashboard.data.dictionary import write_contract_doc
from dashboard.data.load import DEFAULT_DATA_DIR
from dashboard.data.validate import format_problems, validate_directory


def _validate(directory: Path) -> int:
    validated, problems = validate_directory(directory)
    if problems or validated is None:  # validated is None only when there are problems
        print(f"REFUSED {directory}: {len(problems)} problem(s)", file=sys.stderr)
        print(format_problems(problems), file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(df):,}" for name, df in validated.frames.items())
    print(f"OK {directory}: {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="compile data/source/*.csv and the synthetic surveys into data/*.parquet")
    p_build.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    p_build.add_argument(
        "--reference-only",
        action="store_true",
        help="compile only the non-survey tables from data/source/*.csv; leave the survey files as they are",
    )
    p_val = sub.add_parser("validate", help="check an extract directory against the contract")
    p_val.add_argument("directory", type=Path, nargs="?", default=DEFAULT_DATA_DIR)
    p_gen = sub.add_parser("generate", help="write a complete extract with synthetic surveys of any size")
    p_gen.add_argument("--out", type=Path, required=True)
    p_gen.add_argument("--orgs", type=int, default=synthetic.DEFAULT_ORGS)
    p_gen.add_argument("--workers", type=int, default=synthetic.DEFAULT_WORKERS)
    p_gen.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    p_gen.add_argument(
        "--reference", type=Path, default=DEFAULT_DATA_DIR, help="extract to copy the non-survey tables from"
    )
    sub.add_parser("docs", help="regenerate docs/data-contract.md from the contract")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        if args.command == "build":
            paths = build(args.data_dir, surveys=not args.reference_only)
            print(f"built {len(paths)} files in {time.perf_counter() - start:.1f} s")
            return _validate(args.data_dir)
        if args.command == "generate":
            paths = generate_extract(args.out, args.reference, orgs=args.orgs, workers=args.workers, seed=args.seed)
            print(f"wrote {len(paths)} files to {args.out} in {time.perf_counter() - start:.1f} s")
            return _validate(args.out)
        if args.command == "docs":
            print(f"wrote {write_contract_doc()}")
            return 0
        return _validate(args.directory)
    except BuildError as exc:
        print(f"BUILD FAILED: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
