"""The web pages in a real browser: `tracker serve` on 127.0.0.1, three pages in headless Chromium.

Stores the seed letters and tests/web/reopened_motie.txt (it reopens motie Grinwis c.s. and has a
`<script>` in its title and a quote) in a new database, starts `tracker serve` on a free port, and
loads the index, the open moties and the timeline of kst-31985-95. Each page is rendered by Chromium
(--dump-dom gives the document after its scripts ran) and photographed into data/screenshots/.
Fails (exit 1, one line per miss) when an expected item, quote or link is not on the rendered page,
or when the letter's `<script>` became an element.

    python scripts/browser_check.py [--tracker .venv/bin/tracker] [--shots data/screenshots]

Needs Debian's `chromium`; it is installed with apt-get when missing (as root, or through sudo).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = "520c9d6973029a5a56821bb5f6b2c9d7f5b94f90767d52ca42a40f5443a64d35"
OFFICIAL = "https://zoek.officielebekendmakingen.nl/"

# (screenshot name, page, strings the rendered page must hold, strings it must not hold)
PAGES = [
    (
        "web-index.png",
        "/",
        ["Toezeggingen en moties", 'href="/tracker"', "3 views"],
        [],
    ),
    (
        "web-database.png",
        "/tracker",
        [
            "current_status",
            "Open toezeggingen per ministry",
            "Moties closed since a date",
            "Overdue items",
            "An item's timeline",
            "Letters ingested this week",
            "Items whose letters disagree",
        ],
        [],
    ),
    (
        "web-open-moties.png",
        "/tracker/current_status?kind=motie&status=open",
        [
            "Items and their current status",
            "kst-21501-02-2531",
            "Hammelburg",
            "kst-31985-95",
            "Grinwis c.s.",
            'href="/tracker/item_timeline?item=kst-31985-95"',
            f'href="{OFFICIAL}kst-31985-95.html"',
            "Om uitvoering aan deze motie te kunnen geven",
        ],
        ["kst-2150-02-3258"],  # closed by seed 000
    ),
    (
        "web-timeline.png",
        "/tracker/item_timeline?item=kst-31985-95",
        [
            "An item's timeline",
            "Daarmee wordt deze motie als afgedaan beschouwd.",
            "2025D49381",
            f'href="/tracker/documents/{SEED_000}"',
            f'href="{OFFICIAL}kst-31985-95.html"',
            "Voortgang motie Grinwis c.s. &lt;script&gt;alert('x')&lt;/script&gt;",
        ],
        ["<script>alert("],  # the letter's text stays text
    ),
]


def chromium() -> str:
    """The Chromium command, installed with apt-get when it is missing."""
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    sudo: list[str] = []
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            sys.exit("chromium is not installed and this user cannot install it: apt-get install chromium")
        sudo = ["sudo"]
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    print("installing chromium: " + " ".join(install), file=sys.stderr)
    subprocess.run([*sudo, "apt-get", "update"], check=True)
    subprocess.run(install, check=True)
    found = shutil.which("chromium")
    if not found:
        sys.exit("apt-get did not install chromium")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"tracker serve stopped (exit {server.returncode}) before it answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"tracker serve did not answer at {url} within {seconds:.0f} s")


def render(browser: str, url: str, screenshot: Path) -> str:
    """The page's DOM after its scripts ran, and its picture."""
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,1300"]
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=60, check=True).stdout
    subprocess.run([*flags, f"--screenshot={screenshot}", url], capture_output=True, timeout=60, check=True)
    if not screenshot.exists() or screenshot.stat().st_size == 0:
        sys.exit(f"chromium made no screenshot of {url}")
    return dom


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tracker", default=str(ROOT / ".venv" / "bin" / "tracker"))
    parser.add_argument("--shots", type=Path, default=ROOT / "data" / "screenshots")
    args = parser.parse_args()
    browser = chromium()
    args.shots.mkdir(parents=True, exist_ok=True)
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tracker.db"
        subprocess.run(
            [args.tracker, "--db", str(db), "--quiet", "ingest", "seeds", "tests/web/reopened_motie.txt"],
            cwd=ROOT, check=True,
        )  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [args.tracker, "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/", server)
            for shot, path, wanted, unwanted in PAGES:
                dom = render(browser, base + path, args.shots / shot)
                misses += [f"{path}: missing {text!r}" for text in wanted if text not in dom]
                misses += [f"{path}: should not show {text!r}" for text in unwanted if text in dom]
                print(f"{path}: {len(dom):,} characters rendered, screenshot {args.shots / shot}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    for miss in misses:
        print(miss, file=sys.stderr)
    print("browser check: " + ("FAILED" if misses else f"all {len(PAGES)} pages as expected"))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
