"""Vendor plotly.js's cartesian bundle into assets/vendor/: `python scripts/vendor_plotly.py`.

Takes `plotly.js-cartesian-dist-min` from the npm registry (`npm pack`), at the plotly.js
version that the installed plotly.py writes figures for, so run it again after upgrading
plotly (tests/test_app.py fails until then). One default is changed: `topojsonURL`, where
plotly.js would fetch map outlines for geo traces, points at cdn.plot.ly. The bundle has no
geo traces, so it is never used, but the app serves no file that names a CDN: it is set to
a path on this server instead. Everything else is the published file, byte for byte.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

VENDOR = Path(__file__).resolve().parents[1] / "assets" / "vendor"
PACKAGE = "plotly.js-cartesian-dist-min"
CDN_DEFAULT = 'topojsonURL:{valType:"string",noBlank:!0,dflt:"https://cdn.plot.ly/un/"}'
LOCAL_DEFAULT = 'topojsonURL:{valType:"string",noBlank:!0,dflt:"/assets/vendor/topojson/"}'


def main() -> None:
    version = get_plotlyjs_version()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--silent"], cwd=tmp, check=True)
        tarball = next(Path(tmp).glob("*.tgz"))
        print(f"{tarball.name} sha256 {hashlib.sha256(tarball.read_bytes()).hexdigest()}")
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        text = (Path(tmp) / "package" / "plotly-cartesian.min.js").read_text(encoding="utf-8")
        license_text = (Path(tmp) / "package" / "LICENSE").read_text(encoding="utf-8")
    if text.count(CDN_DEFAULT) != 1:
        sys.exit(f"expected one topojsonURL default pointing at the CDN in {PACKAGE} {version}; check the bundle")
    for old in VENDOR.glob("plotly-cartesian-*.min.js"):
        old.unlink()
    VENDOR.mkdir(parents=True, exist_ok=True)
    target = VENDOR / f"plotly-cartesian-{version}.min.js"
    target.write_text(text.replace(CDN_DEFAULT, LOCAL_DEFAULT), encoding="utf-8")
    (VENDOR / "plotly.js-LICENSE.txt").write_text(license_text, encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
