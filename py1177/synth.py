"""Synthetic PMO exports for ``py1177 audit``: realistic cases, contacts registered as the
rulebook expects, and planted deviations of every kind with their exact counts.

``python -m py1177.synth --cases 10000 --out DIR [--seed 1] [--format csv|parquet] [--rate 0.02]``
writes ``DIR/cases.{csv,parquet}``, ``DIR/contacts.{csv,parquet}`` and ``DIR/manifest.json``
(what was planted: ``deviations`` by kind, ``undecided``, ``input_errors``, ``outside_validity``).

No real patient data: ids are made up (``C0000001``, ``K0000001``), units are ``VE001`` … .
The generator holds no policy either: the chains are drawn from a fixed mix of roles, channels,
purposes and relations (input data), and what each chain registers comes from the rulebook
(``audit:audit_chains_json/3``), like the audit itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from .audit import KINDS, answer_dict, ask_chains
from .model import Relation

if TYPE_CHECKING:
    from .rulebook import Rulebook

PLANTABLE = KINDS


def _draw_chain(rng: random.Random, vocab: dict[str, list[str]], max_steps: int = 4) -> str:
    """One chain drawn from a realistic mix: most cases start digitally with a nurse and end within
    a step or two; later steps are often physical visits, on the same day and unit."""
    n = min(max_steps, rng.choices([1, 2, 3, 4], weights=[5, 22, 40, 33])[0])
    parts = []
    for i in range(n):
        if i == 0:
            role = rng.choices(vocab["role"], weights=[70, 20, 10])[0]
            channel = rng.choices(vocab["channel"], weights=[92, 2, 6])[0]
        else:
            role = rng.choices(vocab["role"], weights=[25, 55, 20])[0]
            channel = rng.choices(vocab["channel"], weights=[55, 40, 5])[0]
        purpose = None
        if channel != "physical" and rng.random() < 0.35:
            purpose = rng.choice(vocab["purpose"])
        spec = f"{role}:{channel}" + (f":purpose={purpose}" if purpose else "")
        if i:
            day = "same" if rng.random() < 0.7 else "other"
            unit = "same" if rng.random() < 0.85 else "other"
            spec += f":day={day}:unit={unit}"
        parts.append(spec)
    return " ".join(parts)


def chain_pool(rulebook: Rulebook, size: int, seed: int, max_steps: int = 4) -> list[tuple[str, dict[str, Any]]]:
    """``size`` distinct chains (and the rulebook's audit answer for each), the documented
    scenarios' example chains first; chains the KB refuses are left out."""
    rng = random.Random(seed)
    inputs = rulebook.vocabulary().inputs
    vocab = {k: [str(v.value) for v in inputs[k]] for k in ("role", "channel", "purpose")}
    chains: list[str] = []
    for scenario in rulebook.scenarios():
        specs = []
        for i, step in enumerate(scenario.example, 1):
            text = f"{step.role.value}:{step.channel.value}" + (f":purpose={step.purpose.value}" if step.purpose else "")
            if i > 1:
                text += f":day={(step.day or Relation.SAME).value}:unit={(step.unit or Relation.SAME).value}"
            specs.append(text)
        if len(specs) <= max_steps:
            chains.append(" ".join(specs))
    tries = 0
    while len(set(chains)) < size and tries < size * 50:
        chains.append(_draw_chain(rng, vocab, max_steps))
        tries += 1
    unique = list(dict.fromkeys(chains))
    return [(c, answer_dict(a, values)) for c, a, values in ask_chains(rulebook, unique, "sv")
            if isinstance(a, list)]


def generate(rulebook: Rulebook, out: Path, cases: int, *, seed: int = 1, fmt: str = "csv", rate: float = 0.02,
             pool: int = 300, bad_rows: Optional[int] = None, outside: Optional[int] = None,
             max_steps: int = 4) -> dict[str, Any]:
    """Write the exports to ``out`` and return the manifest (what an audit must find): ``rate`` is
    the share of decided cases given one planted deviation per kind, ``bad_rows`` the cases given
    an input error, ``outside`` the cases dated before the guideline's validity."""
    rng = random.Random(seed)
    chains = chain_pool(rulebook, pool, seed, max_steps)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(chains))]  # a few common chains, a long tail
    labels = [t.label for t in rulebook.vocabulary().contact_types]
    valid_from = dt.date.fromisoformat(rulebook.guideline().valid_from)
    units = [f"VE{n:03d}" for n in range(1, 61)]
    bad_rows = max(1, cases // 2000) if bad_rows is None else bad_rows
    outside = max(1, cases // 1000) if outside is None else outside
    out.mkdir(parents=True, exist_ok=True)
    planted = {k: 0 for k in KINDS}
    manifest: dict[str, Any] = {"cases": cases, "deviations": planted, "undecided": 0, "input_errors": 0,
                                "outside_validity": 0, "seed": seed, "chains": len(chains)}
    case_file = (out / "cases.csv").open("w", encoding="utf-8", newline="")
    contact_file = (out / "contacts.csv").open("w", encoding="utf-8", newline="")
    cw, kw = csv.writer(case_file, lineterminator="\n"), csv.writer(contact_file, lineterminator="\n")
    cw.writerow(("case_id", "step", "role", "channel", "purpose", "date", "unit", "closed_case"))
    kw.writerow(("contact_id", "case_id", "step", "contact_type", "attribute_1177", "journal", "diagnosis"))
    next_contact = 1
    picks = rng.choices(range(len(chains)), weights=weights, k=cases)
    bad_every = cases // bad_rows if bad_rows else 0
    outside_every = cases // outside if outside else 0
    for n in range(cases):
        case_id = f"C{n + 1:07d}"
        chain, answer = chains[picks[n]]
        steps = chain.split(" ")
        decided = answer["status"] != "gap"
        # an input error: a bad role in one case (the case is then not judged), or a contact for
        # a step the case lacks (the case is judged as it is)
        bad_row = bad_every and n % bad_every == bad_every // 2
        date = valid_from + dt.timedelta(days=rng.randrange(300))
        if outside_every and n % outside_every == outside_every // 3 and not bad_row:
            date = valid_from - dt.timedelta(days=30 + rng.randrange(300))
            manifest["outside_validity"] += 1
        unit = rng.choice(units)
        rows = []
        for i, spec in enumerate(steps):
            parts = spec.split(":")
            role, channel = parts[0], parts[1]
            keys = dict(p.split("=", 1) for p in parts[2:])
            if i:
                if keys["day"] == "other":
                    date = date + dt.timedelta(days=1 + rng.randrange(3))
                if keys["unit"] == "other":
                    unit = rng.choice([u for u in units if u != unit])
            rows.append([case_id, i + 1, role, channel, keys.get("purpose", ""), date.isoformat(), unit, "false"])
        closer = answer["closer"] if decided else len(steps)
        rows[closer - 1][7] = "true"
        contacts = []
        for info in answer["steps"]:
            if not info["decided"]:   # the guideline is silent: units register something anyway
                contacts.append([None, case_id, info["step"], rng.choice(labels), True, True, rng.random() < 0.5,
                                 None])
                continue
            if not info["registers"] or not info["alternatives"]:
                continue
            alt = rng.choice(info["alternatives"])
            contacts.append([None, case_id, info["step"], alt["contact_type"], alt["attribute"], alt["journal"],
                             alt["diagnosis"], alt])
        bad_role = bool(bad_row) and manifest["input_errors"] % 2 == 0
        if not decided and not bad_role:
            manifest["undecided"] += 1
        kind = None
        if bad_row:
            if bad_role:
                rows[0][2] = "surgeon"
            else:
                contacts.append([None, case_id, len(steps) + 5, labels[0], True, True, False, None])
            manifest["input_errors"] += 1
        elif decided and rng.random() < rate * len(KINDS):
            kind = _plant(rng, rng.choice(PLANTABLE), answer, rows, contacts, labels)
            if kind:
                planted[kind] += 1
        for row in rows:
            cw.writerow(row)
        for c in contacts:
            c[0] = f"K{next_contact:08d}"
            next_contact += 1
            kw.writerow([c[0], c[1], c[2], c[3], _b(c[4]), _b(c[5]), _b(c[6])])
    case_file.close()
    contact_file.close()
    if fmt == "parquet":
        _to_parquet(out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def _b(value: Any) -> str:
    return "true" if value else "false"


def _plant(rng: random.Random, kind: str, answer: dict[str, Any], rows: list[list[Any]],
           contacts: list[list[Any]], labels: list[str]) -> Optional[str]:
    """Change the case so that exactly one deviation of ``kind`` arises; None when the case has no
    place for it."""
    def pick(cond: Any) -> Optional[list[Any]]:
        fitting = [c for c in contacts if c[7] is not None and cond(c[7])]
        return rng.choice(fitting) if fitting else None

    if kind == "missing_registration":
        c = pick(lambda alt: True)
        if c is None:
            return None
        contacts.remove(c)
    elif kind == "unexpected_registration":
        silent = [s["step"] for s in answer["steps"] if s["decided"] and not s["registers"]]
        if silent:
            contacts.append([None, rows[0][0], rng.choice(silent), labels[0], True, True, False, None])
        elif contacts:
            c = rng.choice(contacts)
            contacts.append(list(c))
        else:
            return None
    elif kind == "wrong_contact_type":
        c = pick(lambda alt: True)
        if c is None:
            return None
        step = next(s for s in answer["steps"] if s["step"] == c[2])
        allowed = {a["contact_type"] for a in step["alternatives"]}
        others = [label for label in labels if label not in allowed]
        if not others:
            return None
        c[3] = rng.choice(others)
    elif kind == "missing_attribute":
        c = pick(lambda alt: alt["attribute"])
        if c is None:
            return None
        c[4] = False
    elif kind == "unexpected_attribute":
        c = pick(lambda alt: not alt["attribute"])
        if c is None:
            return None
        c[4] = True
    elif kind == "missing_journal":
        c = pick(lambda alt: alt["journal"])
        if c is None:
            return None
        c[5] = False
    elif kind == "missing_diagnosis":
        c = pick(lambda alt: alt["diagnosis"])
        if c is None:
            return None
        c[6] = False
    elif kind == "wrong_closer":
        closer = answer["closer"]
        rows[closer - 1][7] = "false"
        if len(rows) > 1 and rng.random() < 0.7:
            rows[rng.choice([i for i in range(len(rows)) if i != closer - 1])][7] = "true"
    return kind


def _to_parquet(out: Path) -> None:
    import duckdb

    con = duckdb.connect(":memory:")
    for name in ("cases", "contacts"):
        src, dst = out / f"{name}.csv", out / f"{name}.parquet"
        con.execute(f"COPY (SELECT * FROM read_csv('{src}', header = true, all_varchar = true)) "
                    f"TO '{dst}' (FORMAT parquet)")
        src.unlink()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m py1177.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--rate", type=float, default=0.02, help="share of cases per planted kind")
    parser.add_argument("--pool", type=int, default=300, help="distinct chains drawn")
    parser.add_argument("--max-steps", type=int, default=4, help="longest chain drawn")
    args = parser.parse_args(argv)
    from .rulebook import Rulebook

    manifest = generate(Rulebook(), args.out, args.cases, seed=args.seed, fmt=args.format, rate=args.rate,
                        pool=args.pool, max_steps=args.max_steps)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
