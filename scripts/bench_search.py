"""Search as you type (issue 14 point 6) for two checkouts in turn, in the same minutes.

`python scripts/bench_search.py --data-root DIR [--runs 5] [--checkout PATH ...]`: the
first run makes DIR/import.sqlite the way `make bench` does (100k generated contacts
imported, then conversations and follow-ups); each run measures `bench.figures.
search_latency` once per checkout, alternating, and the summary gives each figure's range.
`--check` compares, on that file, each bench term's first page from the kept list order
(and from the previous term's matches, where the term was typed on from it), without and
with the search index of the order's head, with the query's own list, for every walked
sort, both directions and three filters."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import figures  # noqa: E402
from bench.dataset import write_contacts_csv  # noqa: E402

_FIGURES = ("p95_ms", "median_ms", "cpu_p95_ms", "cpu_median_ms", "whole_list_p95_ms")


def prepare(work: Path, rows: int) -> None:
    """The bench's database, once per folder."""
    if (work / "import.sqlite").exists():
        return
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / "contacts.csv"
    write_contacts_csv(csv_path, rows)
    app = work / "import-app"
    shutil.rmtree(app, ignore_errors=True)
    cli = str(Path(figures.PY).parent / "desktop-crm")
    command = [cli, "--data-dir", str(app), "import", str(csv_path), "--region", "NL"]
    subprocess.run([*command, "--source", "bought_list"], check=True, stdout=subprocess.DEVNULL)
    shutil.copyfile(app / "desktop-crm.sqlite", work / "import.sqlite")
    figures.populate_activity(work / "import.sqlite")


def check(work: Path) -> int:
    """The first page of every bench term, sort and filter, as the list shows it (from the
    kept order, and from the previous term's matches with their texts where it narrows
    them) and as the query gives it: the number of differences (printed)."""
    from dataclasses import replace

    from desktop_crm.services.contact_queries import ContactQuery, query_contact_ids
    from desktop_crm.services.list_pages import (
        IdList,
        ListOrder,
        ShownMatches,
        _from_head,
        data_version,
        first_page,
        match_texts,
    )
    from desktop_crm.store.database import open_database

    open_database(path=work / "import.sqlite")
    terms = list(dict.fromkeys(figures.SEARCH_TERMS))
    wrong = compared = typed_on = headed = 0
    for sort in ("name", "company", "stage", "lead_source"):
        for descending in (False, True):
            for narrowed in ({}, {"stage": "lead"}, {"include_archived": True}):
                base = ContactQuery(sort=sort, descending=descending, **narrowed)  # type: ignore[arg-type]
                ids = IdList(query_contact_ids(base)).index_rows()
                unheaded = ListOrder(base, ids, data_version())
                for order in (unheaded, replace(unheaded, head=unheaded.read_head())):
                    previous = None
                    for term in terms:
                        query = replace(base, search=term)
                        typed_on += previous is not None and previous.narrows_to(query)
                        page = first_page(query, order=order, previous=previous)
                        whole = query_contact_ids(query)
                        shown = IdList(whole)
                        headed += order.head is not None and bool(
                            _from_head(order, order.head, query, 100)
                        )
                        previous = ShownMatches(query, shown, data_version(), match_texts(shown))
                        same = page.ids == (whole if page.complete else whole[: len(page.ids)])
                        compared += 1
                        if not same or len(page.ids) < min(len(whole), 100):
                            wrong += 1
                            print(f"DIFFERENT: {term!r} {base} head={order.head}", flush=True)
    print(
        f"{compared} first pages ({typed_on} from the previous term's matches, {headed} with"
        f" a page in the head's index) compared with the query's list: {wrong} different"
    )
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", type=Path, action="append", default=[])
    parser.add_argument("--check", action="store_true", help="compare results, no timing")
    args = parser.parse_args()
    checkouts = args.checkout or [ROOT]
    prepare(args.data_root, args.rows)
    if args.check:
        return 1 if check(args.data_root) else 0
    results: dict[str, list[dict]] = {str(c): [] for c in checkouts}
    for run in range(args.runs):
        for checkout in checkouts:
            found = figures.search_latency(args.data_root, checkout)
            results[str(checkout)].append(found)
            shown = ", ".join(f"{k} {found[k]}" for k in _FIGURES)
            print(f"run {run + 1} {checkout}: {shown}", flush=True)
            print("   slowest by CPU:", ", ".join(found["slowest_by_cpu"]), flush=True)
    (args.data_root / "search-runs.json").write_text(json.dumps(results, ensure_ascii=False))
    terms = list(figures.SEARCH_TERMS)[:50]
    for checkout, runs in results.items():
        # Each term's GUI-thread CPU, median over the runs: which terms make the p95.
        per_term = {
            f"{term}#{i}" if terms.count(term) > 1 else term: statistics.median(
                r["cpu_samples_ms"][i] for r in runs
            )
            for i, term in enumerate(terms)
        }
        slowest = sorted(per_term.items(), key=lambda item: -item[1])[:8]
        print(checkout, "CPU by term:", ", ".join(f"{t} {ms:.1f}" for t, ms in slowest))
    for checkout, runs in results.items():
        ranges = {k: f"{min(r[k] for r in runs)}–{max(r[k] for r in runs)}" for k in _FIGURES}
        print(checkout, json.dumps(ranges, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
