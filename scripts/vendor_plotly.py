"""Build a plotly.js bundle with only the traces the app draws into assets/vendor/: `python scripts/vendor_plotly.py`.

Needs Node (20 or later) and npm, and the npm registry. The app's charts use only bar, heatmap
and scatter traces, so instead of a published partial bundle (the cartesian one is 1.5 MB, with
box, violin, contour, pie and more) it serves plotly.js's core, which always has scatter, plus
bar and heatmap: about 1.05 MB, a quarter less to transfer. It is built the way plotly.js builds
its own partial bundles (`npm run custom-bundle` in a plotly.js checkout: esbuild, attribute
descriptions stripped), by `scripts/plotly_bundle/build.mjs`, because the npm package does not
ship that tooling. `scripts/plotly_bundle/package-lock.json` pins plotly.js, esbuild and every
dependency with its checksum; `npm ci` installs exactly those into a scratch directory (install
scripts off), so the same lock file gives the same file, byte for byte.

The plotly.js version must be the one the installed plotly.py writes figures for; after
upgrading plotly (tests/test_app.py fails until then) run `npm install --package-lock-only
--save-exact plotly.js@<version>` in scripts/plotly_bundle/ (it rewrites package.json and the
lock file, installing nothing there), then this script. To draw another trace type,
add it to TRACES and to tests/test_app.py's list (which fails until the bundle has every type
the app draws).

One default is changed: `topojsonURL`, where plotly.js would fetch map outlines for geo traces,
points at cdn.plot.ly. The bundle has no geo traces, so it is never used, but the app serves no
file that names a CDN: it is set to a path on this server instead. plotly.js's MIT licence is
written next to the bundle.

Beside the bundle it writes `<bundle>.br`, the bundle compressed at brotli's highest level, which the
app serves as it is (dashboard/precompressed.py) instead of spending 2.3 s of CPU in every worker
compressing the bundle itself; the app ignores a copy that no longer matches the bundle.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from dashboard.precompressed import write_sidecars  # noqa: E402

VENDOR = ROOT / "assets" / "vendor"
BUILD = Path(__file__).resolve().parent / "plotly_bundle"
#: The trace types the app draws (scatter is in plotly.js's core either way).
TRACES = ("bar", "heatmap", "scatter")
#: URLs plotly.js would fetch at run time if a default pointed at a CDN.
CDN = re.compile(r"https?://(cdn\.|cdnjs\.|unpkg\.|fonts\.googleapis|stackpath|jsdelivr)")


def locked_plotly_version() -> str:
    """The plotly.js version scripts/plotly_bundle/package-lock.json installs."""
    lock = json.loads((BUILD / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/plotly.js"]["version"])


def build(version: str) -> tuple[str, str]:
    """The bundle's text and plotly.js's licence, built in a scratch copy of scripts/plotly_bundle."""
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("package.json", "package-lock.json", "build.mjs"):
            shutil.copy(BUILD / name, tmp)
        npm_ci = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(npm_ci, cwd=tmp, check=True)
        out = Path(tmp) / "bundle.js"
        subprocess.run(["node", "build.mjs", str(out), *TRACES], cwd=tmp, check=True)
        text = out.read_text(encoding="utf-8")
        license_text = (Path(tmp) / "node_modules" / "plotly.js" / "LICENSE").read_text(encoding="utf-8")
    if f"plotly.js (custom: {', '.join(TRACES)} - minified) v{version}" not in text[:300]:
        sys.exit(f"the bundle's header does not name plotly.js {version} and {TRACES}; check build.mjs")
    if found := CDN.findall(text):
        sys.exit(f"the bundle names a CDN ({found}); change that default in build.mjs")
    return text, license_text


def main() -> None:
    version = get_plotlyjs_version()
    if (locked := locked_plotly_version()) != version:
        sys.exit(
            f"plotly.py writes figures for plotly.js {version}, but scripts/plotly_bundle/package-lock.json has "
            f"{locked}: run `npm install --package-lock-only --save-exact plotly.js@{version}` in scripts/plotly_bundle"
        )
    text, license_text = build(version)
    for old in [*VENDOR.glob("plotly-*.min.js"), *VENDOR.glob("plotly-*.min.js.*")]:
        old.unlink()
    VENDOR.mkdir(parents=True, exist_ok=True)
    target = VENDOR / f"plotly-custom-{version}.min.js"
    target.write_text(text, encoding="utf-8")
    (VENDOR / "plotly.js-LICENSE.txt").write_text(license_text, encoding="utf-8")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes, sha256 {digest})")
    for sidecar in write_sidecars(target):
        print(f"wrote {sidecar.relative_to(ROOT)} ({sidecar.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
