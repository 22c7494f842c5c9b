"""Take the README screenshots of a running demo site (``./dev.sh start`` first): the
overview (``docs/screenshot.png``) and each role's home page at 1280 and 390 px wide
(``docs/screenshots/home-<role>-<width>.png``).

Usage: .venv/bin/python scripts/screenshot.py [base-url]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
DOCS = Path(__file__).resolve().parents[1] / "docs"
PASSWORD = "leernetwerk-demo"
#: (role shown in the file name, demo member with that role; see home/demo.py)
ROLES = [
    ("professional", "fatima"),
    ("manager", "marieke"),
    ("session-admin", "sander"),
    ("mandate-holder", "lotte"),
    ("stuurgroep", "ingrid"),
    ("editor", "eva"),
    ("policy-officer", "hanna"),
]


def login(page, username: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".ln-form button[type=submit]")
    page.wait_for_load_state()


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1200, "height": 760})
    login(page, "marieke")
    page.goto(f"{BASE}/")
    page.screenshot(path=str(DOCS / "screenshot.png"))
    page.context.close()
    (DOCS / "screenshots").mkdir(exist_ok=True)
    for role, username in ROLES:
        for width, height in ((1280, 900), (390, 844)):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            login(page, username)
            page.goto(f"{BASE}/")
            out = DOCS / "screenshots" / f"home-{role}-{width}.png"
            page.screenshot(path=str(out))
            print(f"saved {out.relative_to(DOCS.parent)}")
            context.close()
    browser.close()
