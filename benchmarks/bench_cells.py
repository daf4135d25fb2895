"""Survey estimates from records against estimates from cell sums, in one run.

Run on demand (not in CI): `python benchmarks/bench_cells.py [--sizes 2000 1000000]`.

For each size, generates the synthetic organisation survey, builds its cell table once
(`analysis/cells.py`, timed), then times the barrier estimate for a two-region view both ways:
from the records (`estimates.weighted_shares` on the filtered rows, with the same per-cell noise)
and from the cells (`survey.barriers_by_sector` on the cell table). The two give the same
numbers (tests/analysis/test_cells.py); compare their times within a run, since absolute times
on a shared machine vary. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.analysis import cellkey, estimates, survey  # noqa: E402
from dashboard.data import synthetic, vocab  # noqa: E402
from dashboard.data.load import _prepare  # noqa: E402

REGIONS = ["London", "Wales"]
REPEATS = 15


def timed(fn, repeats: int = REPEATS) -> tuple[float, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 1_000_000])
    args = parser.parse_args()
    ptable = cellkey.PTable.generate(10)
    perturb = estimates.Perturbation(survey.ORG_CELLS, survey.RECORD_KEY, cellkey.cell_noise)
    barriers = list(vocab.BARRIER_CODES)
    print(f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print("| rows | cells | build | records: median (p95) | cells: median (p95) |")
    print("|---:|---:|---:|---:|---:|")
    for rows in args.sizes:
        org = _prepare("org_survey", synthetic.generate_org_survey(rows, synthetic.DEFAULT_SEED))
        start = time.perf_counter()
        table = survey.org_cells(org)
        build = time.perf_counter() - start

        def from_records(org=org) -> None:
            picked = org[org["region"].isin(REGIONS)]
            estimates.weighted_shares(
                picked, "sector", barriers, "design_weight", threshold=10, key=survey.RECORD_KEY,
                min_answer=10, perturb=perturb,
            )  # fmt: skip

        def from_cells(table=table) -> None:
            survey.barriers_by_sector(table, list(vocab.SECTORS), 10, regions=REGIONS, ptable=ptable)

        (rm, rp), (cm, cp) = timed(from_records), timed(from_cells)
        print(f"| {rows:,} | {len(table.keys)} | {build:.2f} s | {rm:.1f} ms ({rp:.1f}) | {cm:.1f} ms ({cp:.1f}) |")


if __name__ == "__main__":
    main()
