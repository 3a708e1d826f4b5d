"""py1177 benchmarks (not part of the test suite): ./dev.sh bench  (or make bench).

Measures, on this machine, in one run:
  1. warm Rulebook.advise per call vs the same KB goal (api:advise_json/4) in a native swipl loop;
  2. Rulebook.advise_many over 100 000 mixed cases vs the same batch goal run natively;
  3. CLI cold start (`py1177 advise --scenario 3.1.2b --json`) vs the floor
     (`python -c "import pyswip; consult the KB"`), whole processes, medians;
  4. `py1177 check` at the default depth;
  5. memory: RSS before and after many warm advise calls (--calls, default 100 000; the issue's
     figure is 1 000 000), and the peak RSS of each process above;
  6. HTTP (`py1177 serve --workers 2`, loaded with Debian's wrk, 32 connections): POST
     /api/v1/advise (one case: answered from the cache; and a new case on every request:
     answered by Prolog), and GET /healthz of the same server for the ratio;
  7. `py1177 audit` over synthetic exports of --audit-cases cases (default 1 000 000, about 2.3 M
     contact rows; --only audit), as text and as JSON, whole processes, with peak RSS; the counts
     found are checked against what the generator planted;
  8. readings (issue 12 point 3): `py1177 what-if --reading q_closer_3_1_3b=named_roles` and
     `--reading q_phone=not_1177` at N=3 (the chains check enumerates), and
     `py1177 questions --impact --max-steps 3` with an empty cache (every alternative reading);
  9. only with --only mutation: every seeded fault of tests/mutants.py checked by
     `py1177 check --max-steps 2`, the kill rate and each survivor's class.
Prints a table and writes bench/last-run.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def peak_self_kb() -> int:
    """This process's peak RSS so far (kB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# Children are started by a small launcher process that is itself started before this process
# loads Prolog: Linux carries a process's peak RSS over fork and exec, so a child forked from
# this (large) process would report this process's peak as its own.
LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    start = time.perf_counter()
    proc = subprocess.Popen(job["argv"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=job["env"], cwd=job["cwd"])
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "peak_kb": usage.ru_maxrss, "code": os.waitstatus_to_exitcode(status),
                      "out": out.decode("utf-8", "replace")}), flush=True)
"""
_launcher: subprocess.Popen | None = None


def start_launcher() -> None:
    global _launcher
    _launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True)


def run_child(argv: list[str], env: dict[str, str] | None = None,
              ok: tuple[int, ...] = (0,)) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS (kB) and stdout of one child process (run by the launcher)."""
    assert _launcher is not None and _launcher.stdin is not None and _launcher.stdout is not None
    job = {"argv": argv, "env": dict(os.environ if env is None else env), "cwd": tempfile.gettempdir()}
    _launcher.stdin.write(json.dumps(job) + "\n")
    _launcher.stdin.flush()
    done = json.loads(_launcher.stdout.readline())
    if done["code"] not in ok:
        raise SystemExit(f"bench: {' '.join(argv)} exited {done['code']}")
    return done["wall"], done["peak_kb"], done["out"].encode("utf-8")


def swipl_loop(kb_dir: Path, body: str) -> dict:
    """Run a timing loop natively in swipl (with the KB loaded as the bridge loads it)."""
    from py1177.bridge import engine_dir

    engine = engine_dir()
    script = f"""
:- asserta(user:file_search_path(rulebook, '{kb_dir}')).
:- use_module('{engine}/strict.pl').
:- strict:strict_load('{engine}/load.pl', []).
{body}
"""
    with tempfile.NamedTemporaryFile("w", suffix=".pl", delete=False, encoding="utf-8") as handle:
        handle.write(script)
        path = handle.name
    try:
        _, peak, out = run_child(["swipl", "-q", "-g", "main", "-t", "halt", path])
    except SystemExit:
        print(Path(path).read_text(encoding="utf-8"), file=sys.stderr)
        raise
    finally:
        if os.path.exists(path) and not os.environ.get("PY1177_BENCH_KEEP"):
            os.unlink(path)
    data = json.loads(out.decode().strip().splitlines()[-1])
    data["peak_kb"] = peak
    return data


def mixed_cases(n: int, seed: int = 1):
    from py1177.model import Channel, Purpose, Relation, Role, Step

    rng = random.Random(seed)

    def step(first: bool) -> Step:
        channel = rng.choice(list(Channel))
        return Step(rng.choice(list(Role)), channel,
                    None if channel is Channel.PHYSICAL else rng.choice([None, *Purpose]),
                    None if first else rng.choice(list(Relation)), None if first else rng.choice(list(Relation)))

    return [[step(i == 0) for i in range(rng.randint(1, 3))] for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="warm advise calls for the memory check")
    parser.add_argument("--cases", type=int, default=100_000, help="cases for the batch benchmark")
    parser.add_argument("--audit-cases", type=int, default=1_000_000, help="cases for the audit benchmark")
    parser.add_argument("--audit-format", choices=("csv", "parquet"), default="csv",
                        help="format of the synthetic exports the audit reads")
    parser.add_argument("--only", default="warm,batch,cold,check,memory,threads,http,audit,readings",
                        help="comma-separated parts to run (default: all but mutation): "
                             "warm,batch,cold,check,memory,threads,http,audit,readings,mutation")
    parser.add_argument("--thread-calls", type=int, default=2000, help="advise calls per thread (threads)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants checked at a time (mutation)")
    parser.add_argument("--mutants", type=int, default=0, help="check only this many mutants, drawn with "
                                                                 "--seed (mutation; default 0: all)")
    parser.add_argument("--seed", default="1", help="seed of the --mutants sample (mutation)")
    parser.add_argument("--kb", type=Path, default=HERE.parent / "kb", help="the KB to mutate (mutation)")
    parser.add_argument("--seconds", type=int, default=5, help="duration of each wrk run (http)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    start_launcher()  # before anything large is loaded (see LAUNCHER)

    from py1177 import Rulebook
    from py1177.bridge import bundled_kb_dir, engine_dir, goal
    from py1177.rulebook import _step_term

    kb = bundled_kb_dir()
    rows: list[tuple[str, str, str, str]] = []
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "platform": platform.platform()}}

    # Child processes get the environment the bench was started with: Rulebook() below sets
    # LIBSWIPL_PATH/SWI_HOME_DIR in this process (bridge._swipl_paths), which would spare the
    # floor pyswip's own `swipl --dump-runtime-variables` run.
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}

    # 1. warm advise vs native
    rb = Rulebook()
    if "warm" in only:
        rb.advise(scenario="3.1.2b", date="2023-09-01")
        reps = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(1000):
                rb.advise(scenario="3.1.2b", date="2023-09-01")
            reps.append((time.perf_counter() - start) / 1000 * 1e6)
        warm = statistics.median(reps)
        native = swipl_loop(kb, """
    main :- findall(T, (between(1, 5, _), statistics(cputime, T0),
                        forall(between(1, 1000, _), api:advise_json(scenario('3.1.2b'), date(2023,9,1), sv, _)),
                        statistics(cputime, T1), T is (T1 - T0) / 1000 * 1e6), Ts),
            msort(Ts, S), nth1(3, S, M), format("{\\"us\\": ~4f}~n", [M]).
    """)
        result["warm_advise"] = {"python_us": warm, "native_us": native["us"], "ratio": warm / native["us"],
                                 "python_peak_kb": peak_self_kb(), "native_peak_kb": native["peak_kb"]}
        rows.append(("warm Rulebook.advise (3.1.2b)", f"{warm:.0f} µs", f"{native['us']:.0f} µs native",
                     f"{warm / native['us']:.2f}× (target ≤ 3×); peak {peak_self_kb() / 1024:.0f} MB "
                     f"vs {native['peak_kb'] / 1024:.0f} MB native"))

    # 2. batch
    if "batch" in only:
        cases = mixed_cases(args.cases)
        rb.advise_many(cases[:1000])
        start = time.perf_counter()
        summaries = rb.advise_many(cases)
        batch_s = time.perf_counter() - start
        statuses = {s.value: sum(1 for x in summaries if x.status is s) for s in {x.status for x in summaries}}
        case_file = Path(tempfile.gettempdir()) / "py1177-bench-cases.pl"
        with case_file.open("w", encoding="utf-8") as handle:
            handle.write("cases([" + ",".join("[" + ",".join(goal(_step_term(s)) for s in c) + "]" for c in cases)
                         + "]).\n")
        native_batch = swipl_loop(kb, f"""
    :- strict:strict_load('{engine_dir()}/batch.pl', []).
    :- consult('{case_file}').
    main :- cases(Cs), get_time(T0), batch:advise_many_json(Cs, _),
            get_time(T1), S is T1 - T0, length(Cs, N), R is N / S,
            format("{{\\"seconds\\": ~4f, \\"rate\\": ~1f}}~n", [S, R]).
    """)
        rate = len(cases) / batch_s
        result["batch"] = {"cases": len(cases), "seconds": batch_s, "rate": rate, "native_rate": native_batch["rate"],
                           "statuses": statuses, "python_peak_kb": peak_self_kb(),
                           "native_peak_kb": native_batch["peak_kb"]}
        rows.append((f"Rulebook.advise_many, {len(cases):,} mixed cases", f"{rate:,.0f} cases/s",
                     f"{native_batch['rate']:,.0f} cases/s native",
                     f"{statuses} (target ≥ 20 000/s); peak {peak_self_kb() / 1024:.0f} MB "
                     f"vs {native_batch['peak_kb'] / 1024:.0f} MB native"))
        case_file.unlink()

    # 3. cold start
    if "cold" in only:
        cli = [sys.executable, "-m", "py1177", "advise", "--scenario", "3.1.2b", "--json"]
        floor = [sys.executable, "-c",
                 "import pyswip; p = pyswip.Prolog(); "
                 f"list(p.query(\"asserta(user:file_search_path(rulebook, '{kb}')), consult('{engine_dir()}/load.pl')\"))"]
        # The very first start after an install (or any KB edit) also runs the undefined-procedure
        # scan and fills the verification cache (bridge.kb_digest); measured once, in a fresh cache.
        with tempfile.TemporaryDirectory() as fresh_cache:
            first_ms = run_child(cli, {**env, "PY1177_CACHE_DIR": fresh_cache})[0] * 1000
        run_child(cli, env)  # warm the user's cache like any second start
        # The floor as the issue defines it (pyswip finds libswipl itself), and a tighter one that
        # is given the library paths the way py1177 caches them.
        paths_env = {**env, "LIBSWIPL_PATH": os.environ.get("LIBSWIPL_PATH", ""),
                     "SWI_HOME_DIR": os.environ.get("SWI_HOME_DIR", "")}
        cli_runs, floor_runs, tight_runs = [], [], []
        for _ in range(20):  # interleaved, so that load on the machine hits all alike
            cli_runs.append(run_child(cli, env))
            floor_runs.append(run_child(floor, env))
            tight_runs.append(run_child(floor, paths_env))
        cli_ms = statistics.median(r[0] for r in cli_runs) * 1000
        floor_ms = statistics.median(r[0] for r in floor_runs) * 1000
        tight_ms = statistics.median(r[0] for r in tight_runs) * 1000
        result["cold_start"] = {"cli_ms": cli_ms, "floor_ms": floor_ms, "ratio": cli_ms / floor_ms,
                                "floor_with_paths_ms": tight_ms, "ratio_with_paths": cli_ms / tight_ms,
                                "first_start_ms": first_ms,
                                "cli_peak_kb": max(r[1] for r in cli_runs), "floor_peak_kb": max(r[1] for r in floor_runs)}
        rows.append(("cold `py1177 advise --json` (process)", f"{cli_ms:.0f} ms", f"{floor_ms:.0f} ms floor",
                     f"{cli_ms / floor_ms:.2f}× (target ≤ 1.5×); first start after install {first_ms:.0f} ms; "
                     f"peak {max(r[1] for r in cli_runs) / 1024:.0f} MB vs "
                     f"{max(r[1] for r in floor_runs) / 1024:.0f} MB"))
        rows.append(("  floor given the swipl paths (as py1177 caches them)", "", f"{tight_ms:.0f} ms",
                     f"{cli_ms / tight_ms:.2f}×"))

    # 4. check
    if "check" in only:
        wall, peak, _ = run_child([sys.executable, "-m", "py1177", "check", "--json"], env)
        result["check"] = {"seconds": wall, "peak_kb": peak}
        rows.append(("`py1177 check` (N=3, process)", f"{wall:.1f} s", f"{peak / 1024:.0f} MB peak", "target well under 10 s"))

    # 7. mutation (opt-in: all mutants take minutes)
    if "mutation" in only:
        mutation_bench(rows, result, args.kb, args.jobs, args.mutants, args.seed)

    # 5. memory growth
    if "memory" in only:
        for _ in range(2000):
            rb.advise(scenario="3.1.2c", date="2023-09-01")
        before = rss_kb()
        case = [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}]
        start = time.perf_counter()
        for i in range(args.calls):
            rb.advise(case if i % 2 else None, scenario=None if i % 2 else "3.1.2c", date="2023-09-01")
        seconds = time.perf_counter() - start
        after = rss_kb()
        result["memory"] = {"calls": args.calls, "rss_before_kb": before, "rss_after_kb": after, "seconds": seconds}
        rows.append((f"RSS over {args.calls:,} warm advise calls", f"{before / 1024:.1f} → {after / 1024:.1f} MB",
                     f"{seconds:.0f} s", "target: no growth"))

    # 5b. threads: the concurrency test of issue 6 at full size (the suite runs 8 × 250)
    if "threads" in only:
        import threading

        chains = [
            [{"role": "nurse", "channel": "digital"}, {"role": "doctor", "channel": "digital", "day": "other"}],
            [{"role": "doctor", "channel": "digital"}, {"role": "other_clinician", "channel": "digital"}],
            [{"role": "nurse", "channel": "physical"}],
            [{"role": "nurse", "channel": "phone", "replaces_visit": True}],
        ]
        expected = [rb.advise(c, date="2023-09-01") for c in chains]
        mismatches: list = []
        errors: list = []

        def worker(seed: int) -> None:
            try:
                for i in range(args.thread_calls):
                    k = (seed + i) % len(chains)
                    if rb.advise(chains[k], date="2023-09-01") != expected[k]:
                        mismatches.append((seed, i))
            except BaseException as exc:  # noqa: BLE001 - counted below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        total = 8 * args.thread_calls
        result["threads"] = {"threads": 8, "calls": total, "seconds": seconds, "mismatches": len(mismatches),
                             "errors": len(errors)}
        rows.append((f"8 threads × {args.thread_calls:,} advise calls", f"{total / seconds:,.0f} calls/s",
                     f"{seconds:.1f} s", f"{len(mismatches)} mismatches, {len(errors)} errors (target: 0)"))

    # 6. HTTP
    if "http" in only:
        http_bench(rows, result, env, args.seconds)

    # 7. audit over synthetic exports
    if "audit" in only:
        import shutil

        from py1177.synth import generate

        data = Path(tempfile.mkdtemp(prefix="py1177-bench-audit-"))
        try:
            start = time.perf_counter()
            manifest = generate(rb, data, args.audit_cases, seed=1, fmt=args.audit_format)
            gen_seconds = time.perf_counter() - start
            ext = args.audit_format
            base = [sys.executable, "-m", "py1177", "audit", "--cases", str(data / f"cases.{ext}"),
                    "--contacts", str(data / f"contacts.{ext}"), "--no-progress"]
            import duckdb

            con = duckdb.connect()
            reader = "read_parquet" if ext == "parquet" else "read_csv"
            n_steps, n_contacts = (con.execute(f"SELECT count(*) FROM {reader}('{data / f'{name}.{ext}'}')").fetchone()[0]
                                   for name in ("cases", "contacts"))
            text_wall, text_peak, text = run_child(base, env, ok=(1,))
            json_wall, json_peak, _ = run_child(base + ["--format", "json", "--out", str(data / "audit.json")], env,
                                                ok=(1,))
            found = {}
            for line in text.decode().splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[-2] in manifest["deviations"]:
                    found[parts[-2]] = int(parts[-1])
            if found != manifest["deviations"]:
                raise SystemExit(f"bench: audit found {found}, planted {manifest['deviations']}")
            result["audit"] = {"cases": args.audit_cases, "step_rows": n_steps, "contact_rows": n_contacts,
                               "format": ext, "generate_seconds": gen_seconds, "text_seconds": text_wall,
                               "text_peak_kb": text_peak, "json_seconds": json_wall, "json_peak_kb": json_peak,
                               "json_bytes": (data / "audit.json").stat().st_size, "planted": manifest}
            label = f"`py1177 audit`, {args.audit_cases:,} cases ({n_steps:,} step rows, {n_contacts:,} contacts, {ext})"
            rows.append((label + ", text", f"{text_wall:.1f} s", f"{text_peak / 1024:.0f} MB peak", "target ≤ 60 s"))
            rows.append(("  the same, --format json", f"{json_wall:.1f} s", f"{json_peak / 1024:.0f} MB peak",
                         f"{(data / 'audit.json').stat().st_size / 1e6:.0f} MB of JSON"))
            rows.append(("  generating the exports (python -m py1177.synth)", f"{gen_seconds:.1f} s", "", "not timed"))
        finally:
            shutil.rmtree(data, ignore_errors=True)

    # 8. readings: what-if and impact at N=3
    if "readings" in only:
        result["readings"] = {}
        for spec in ("q_closer_3_1_3b=named_roles", "q_phone=not_1177"):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "py1177", "what-if", "--reading", spec, "--max-steps", "3",
                                   "--limit", "0", "--json"], capture_output=True, text=True, env=env, check=True)
            wall = time.perf_counter() - start
            data = json.loads(done.stdout)
            result["readings"][spec] = {"seconds": wall, "examined": data["examined"],
                                        "answers_changed": data["answers_changed"]}
            rows.append((f"what-if --reading {spec} (N=3)", f"{wall:.0f} s",
                         f"{data['answers_changed']:,} of {data['examined']:,} answers change", ""))
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "py1177", "questions", "--impact", "--max-steps", "3",
                                   "--json"], capture_output=True, text=True, check=True,
                                  env={**env, "PY1177_CACHE_DIR": cache})
            wall = time.perf_counter() - start
        impact = {f"{q['id']}={r['id']}": r["answers_changed"] for q in json.loads(done.stdout)
                  for r in q["readings"] if not r["in_force"]}
        result["readings"]["impact_n3"] = {"seconds": wall, "answers_changed": impact}
        top = sorted(impact.items(), key=lambda kv: -kv[1])[:3]
        rows.append(("questions --impact (N=3, empty cache)", f"{wall:.0f} s",
                     f"{len(impact)} readings; most: " + ", ".join(f"{k} {v:,}" for k, v in top), "cached after"))

    width = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"py1177 benchmark — {os.cpu_count()} cores, Python {platform.python_version()}")
    for r in rows:
        print("  ".join(c.ljust(width[i]) for i, c in enumerate(r)))
    out = HERE / "last-run.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"(written to {out})")


def mutation_bench(rows: list, result: dict, kb: Path, jobs: int, count: int, seed: str) -> None:
    """Every mutant of the policy files (tests/mutants.py), each checked by `py1177 check
    --max-steps 2`: the kill rate, and each survivor with its class (README: "Seeded faults")."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import mutants

    population = mutants.generate(kb)
    # all of them by default, in an order shuffled with the seed: any prefix of the log is a random sample
    chosen = mutants.sample(population, len(population) if count <= 0 else count, seed)
    start = time.perf_counter()
    results = mutants.run_all(chosen, kb, jobs=jobs, log=sys.stderr)
    seconds = time.perf_counter() - start
    survivors = [r for r in results if not r.killed]
    killed = len(results) - len(survivors)
    by_operator: dict[str, list[int]] = {}
    for r in results:
        by_operator.setdefault(r.mutant.operator, [0, 0])[0 if r.killed else 1] += 1
    result["mutation"] = {
        "mutants": len(results), "population": len(population), "killed": killed,
        "kill_rate": killed / len(results) if results else None, "seconds": seconds,
        "timeouts": sum(1 for r in results if r.exit_code is None),
        "by_operator": {k: {"killed": v[0], "survived": v[1]} for k, v in sorted(by_operator.items())},
        "survivors": [{"mutant": r.mutant.name, "class": mutants.survivor_class(r.mutant)} for r in survivors]}
    rows.append((f"mutants of kb/*.pl killed by `check --max-steps 2` ({len(results)} of {len(population)})",
                 f"{killed / max(1, len(results)):.1%}", f"{seconds:.0f} s, {jobs} jobs", "target ≥ 90 %"))
    for r in survivors:
        print(f"survived: {r.mutant.name} — {mutants.survivor_class(r.mutant) or 'UNEXPLAINED'}")


def wrk_run(url: str, seconds: int, script: Path | None = None, connections: int = 32) -> dict:
    """One wrk run (2 threads, ``connections`` connections): requests/s, p50/p99 in ms, errors."""
    import re

    argv = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    argv += ["-s", str(script)] if script is not None else []
    out = subprocess.run(argv + [url], capture_output=True, text=True, timeout=seconds + 60).stdout

    def latency(pct: str) -> float:
        match = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50_ms": latency("50"), "p99_ms": latency("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": sum(int(g) for g in socket.groups()) if socket else 0}


def http_bench(rows: list, result: dict, env: dict[str, str], seconds: int) -> None:
    """`py1177 serve --workers 2` under wrk: advise (cached, uncached) and healthz."""
    import http.client
    import shutil
    import socket

    if shutil.which("wrk") is None:
        rows.append(("HTTP (wrk)", "skipped", "", "wrk is not installed (apt-get install wrk)"))
        return
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "py1177", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        wrk_run(base + "/api/v1/advise", 2, HERE / "advise_post.lua")  # warm both workers' caches
        # advise and healthz interleaved, three rounds each (the machine is shared: medians)
        rounds = [(wrk_run(base + "/api/v1/advise", seconds, HERE / "advise_post.lua"),
                   wrk_run(base + "/healthz", seconds)) for _ in range(3)]
        uncached = wrk_run(base + "/api/v1/advise", seconds, HERE / "advise_post_uncached.lua")
    finally:
        server.terminate()
        server.wait(timeout=30)

    def median_run(runs: list[dict]) -> dict:
        ordered = sorted(runs, key=lambda r: r["rps"])
        middle = dict(ordered[len(ordered) // 2])
        middle["errors_all_runs"] = sum(r["non_2xx"] + r["socket_errors"] for r in runs)
        middle["rps_all_runs"] = [r["rps"] for r in runs]
        middle["p99_all_runs"] = [r["p99_ms"] for r in runs]
        return middle

    cached = median_run([a for a, _ in rounds])
    health = median_run([h for _, h in rounds])
    ratios = sorted(a["rps"] / h["rps"] for a, h in rounds if h["rps"])
    ratio = ratios[len(ratios) // 2] if ratios else float("nan")
    result["http"] = {"workers": 2, "connections": 32, "seconds": seconds, "advise_cached": cached,
                      "advise_uncached": uncached, "healthz": health, "advise_to_healthz": ratio,
                      "ratios": ratios, "load_average": os.getloadavg()}

    def errors(r: dict) -> str:
        return f", {r.get('errors_all_runs', r['non_2xx'] + r['socket_errors'])} errors"

    def spread(r: dict) -> str:
        return " (runs: " + " / ".join(f"{x:,.0f}" for x in r["rps_all_runs"]) + ")"

    rows.append(("POST /api/v1/advise, 32 conn., 2 workers (wrk; cached; median of 3)",
                 f"{cached['rps']:,.0f} req/s{spread(cached)}", f"p99 {cached['p99_ms']:.1f} ms{errors(cached)}",
                 "target ≥ 2 000 req/s, p99 ≤ 50 ms"))
    rows.append(("  the same, a new case every request (Prolog)", f"{uncached['rps']:,.0f} req/s",
                 f"p99 {uncached['p99_ms']:.1f} ms{errors(uncached)}", ""))
    rows.append(("  GET /healthz, same server, interleaved (median of 3)", f"{health['rps']:,.0f} req/s{spread(health)}",
                 f"p99 {health['p99_ms']:.1f} ms{errors(health)}",
                 "advise/healthz " + " / ".join(f"{r:.2f}" for r in ratios) + f" (median {ratio:.2f})"))


if __name__ == "__main__":
    main()
