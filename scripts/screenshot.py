"""Take the README screenshot of a running demo site (``./dev.sh start`` first).

Usage: .venv/bin/python scripts/screenshot.py [base-url] [output.png]
"""

import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = sys.argv[2] if len(sys.argv) > 2 else "docs/screenshot.png"

with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", "marieke")
    page.fill("#id_password", "leernetwerk-demo")
    page.click(".ln-form button[type=submit]")
    page.goto(f"{BASE}/")
    page.screenshot(path=OUT)
    browser.close()
print(f"saved {OUT}")
