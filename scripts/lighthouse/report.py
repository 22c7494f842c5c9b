"""Summarise the Lighthouse JSON reports of scripts/lighthouse.sh.

Usage: python report.py REPORT_DIR PAGES_TSV [--min-score 95] [--details failing|all|none]

REPORT_DIR holds NAME.FORMFACTOR.report.json for each page NAME of PAGES_TSV (name, path) and
form factor (desktop, mobile). Prints a table page x form factor x category score, then, per
page and form factor, every audit that lost points (an audit with weight > 0 and a score below
1): its id, title, Lighthouse's explanation and the elements it names (selector, HTML snippet,
axe's explanation) or other items (console errors with their source and URL, issues, ...).
--details failing (the default) prints these for every page and form factor with a category
below 100; all also lists the unscored audits that failed (weight 0, e.g. landmark-one-main);
none prints the table only. Exits 1 when a score is below --min-score or a run gave no score.
"""

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

CATEGORIES = ("accessibility", "best-practices")
FORM_FACTORS = ("desktop", "mobile")


def plain(markdown: str) -> str:
    """Lighthouse's markdown explanation as text: [text](url) becomes 'text (url)'."""
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", markdown or "")


def describe_item(item: dict, headings: list[dict]) -> list[str]:
    """Lines describing one details item of an audit."""
    lines: list[str] = []
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node is None and item.get("type") == "node":
        node = item
    if node:
        lines.append(f"selector: {node.get('selector', '?')}")
        if node.get("snippet"):
            lines.append(f"snippet:  {node['snippet']}")
        if node.get("nodeLabel"):
            lines.append(f"label:    {node['nodeLabel']}")
        if node.get("explanation"):
            lines.extend(
                "why:      " + line if i == 0 else "          " + line
                for i, line in enumerate(node["explanation"].splitlines())
            )
    keys = [h.get("key") for h in headings if h.get("key")] or list(item)
    for key in keys:
        if key in ("node", "subItems") or key not in item:
            continue
        value = item[key]
        if isinstance(value, dict):
            if value.get("type") == "source-location":
                value = (
                    f"{value.get('url')}:{value.get('line', 0) + 1}:{value.get('column', 0) + 1}"
                )
            elif value.get("type") == "node":
                continue
            elif "value" in value:
                value = value["value"]
            elif "text" in value:
                value = value["text"]
            else:
                value = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}: {value}")
    for sub in (item.get("subItems") or {}).get("items", []):
        sub_lines = describe_item(sub, [])
        lines.extend(
            ["  - " + sub_lines[0], *("    " + line for line in sub_lines[1:])] if sub_lines else []
        )
    return lines


def audit_lines(audit: dict) -> list[str]:
    lines = [f"  [{audit['id']}] {audit.get('title', '')}"]
    if audit.get("displayValue"):
        lines.append(f"    ({audit['displayValue']})")
    for line in textwrap.wrap(plain(audit.get("description", "")), 100):
        lines.append("    " + line)
    if audit.get("explanation"):
        lines.append("    explanation: " + audit["explanation"])
    details = audit.get("details") or {}
    headings = details.get("headings") or []
    for n, item in enumerate(details.get("items") or [], 1):
        item_lines = describe_item(item, headings)
        if item_lines:
            lines.append(f"    {n}. {item_lines[0]}")
            lines.extend("       " + line for line in item_lines[1:])
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report_dir", type=Path)
    parser.add_argument("pages", type=Path)
    parser.add_argument("--min-score", type=int, default=95)
    parser.add_argument("--details", choices=("failing", "all", "none"), default="failing")
    parser.add_argument("--form-factors", default=",".join(FORM_FACTORS))
    args = parser.parse_args()
    form_factors = [f for f in args.form_factors.split(",") if f]

    pages = [line.split("\t") for line in args.pages.read_text().splitlines() if line.strip()]
    bad = False
    rows = []
    sections: list[str] = []
    for name, path in pages:
        for form_factor in form_factors:
            file = args.report_dir / f"{name}.{form_factor}.report.json"
            scores = {}
            report = None
            if file.exists():
                report = json.loads(file.read_text())
                for category in CATEGORIES:
                    raw = report["categories"].get(category, {}).get("score")
                    scores[category] = None if raw is None else round(raw * 100)
            row_bad = any(scores.get(c) is None or scores[c] < args.min_score for c in CATEGORIES)
            bad |= row_bad
            rows.append((name, path, form_factor, scores, row_bad))
            if report is None:
                sections.append(
                    f"\n### {name} ({path}) {form_factor}: no report (Lighthouse failed)"
                )
                continue
            problems = []
            if report.get("runtimeError"):
                error = report["runtimeError"]
                problems.append(f"  runtime error: {error.get('code')}: {error.get('message')}")
            for warning in report.get("runWarnings") or []:
                problems.append(f"  run warning: {warning}")
            imperfect = any(scores.get(c) is not None and scores[c] < 100 for c in CATEGORIES)
            if args.details == "none" or not (imperfect or problems or args.details == "all"):
                continue
            for category in CATEGORIES:
                cat = report["categories"].get(category)
                if not cat:
                    continue
                for ref in cat["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    score = audit.get("score")
                    if (
                        score is None
                        or score >= 1
                        or audit.get("scoreDisplayMode")
                        in ("manual", "informative", "notApplicable")
                    ):
                        continue
                    if ref.get("weight", 0) > 0:
                        problems.append(f" {category}: loses points (weight {ref['weight']})")
                        problems.extend(audit_lines(audit))
                    elif args.details == "all":
                        problems.append(f" {category}: unscored audit failed (weight 0)")
                        problems.extend(audit_lines(audit))
            if problems:
                score_text = ", ".join(f"{c} {scores.get(c)}" for c in CATEGORIES)
                sections.append(f"\n### {name} ({path}) {form_factor}: {score_text}")
                sections.extend(problems)

    width = max([len(f"{n} {p}") for n, p, *_ in rows] + [20])
    print(f"{'page':<{width}}  {'form':<7}  {'a11y':>5}  {'best-pr':>7}")
    print("-" * (width + 26))
    for name, path, form_factor, scores, row_bad in rows:
        cells = ["  --" if scores.get(c) is None else f"{scores[c]:>4}" for c in CATEGORIES]
        flag = f"  < {args.min_score}" if row_bad else ""
        print(f"{name + ' ' + path:<{width}}  {form_factor:<7}  {cells[0]:>5}  {cells[1]:>7}{flag}")
    if sections:
        print(
            "\n## Audits that lost points"
            + (" (and unscored failures)" if args.details == "all" else "")
        )
        print("\n".join(sections))
    print()
    if bad:
        print(f"lighthouse: FAIL: a score is below {args.min_score} (or a run gave no score)")
        return 1
    print(f"lighthouse: OK: every score is {args.min_score} or more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
