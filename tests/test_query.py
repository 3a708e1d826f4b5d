"""`query`: a sandboxed goal over the public predicates; unsafe goals refused, limits enforced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from py1177.errors import QueryRefused

UNSAFE = ["shell(ls)", "halt", "assertz(x)", "open(f,write,S)", "consult(x)", "set_prolog_flag(x, y)",
          "retract(vocabulary:vocabulary(_, _))", "call(halt)", "findall(X, shell(ls), L)",
          "vocabulary:check_value(role, x)", "G = halt, G", "X", "user:halt",
          "scenario(X,_,_,_)), shell('ls'", "format(user_error, \"x\", [])"]


@pytest.mark.parametrize("goal", UNSAFE)
def test_unsafe_goals_are_refused_and_the_kb_keeps_answering(rulebook, goal):
    with pytest.raises(QueryRefused):
        rulebook.query(goal)
    assert rulebook.advise(scenario="3.1.2b").closed_by_step == 2


def test_endless_goals_stop_at_the_limits(rulebook):
    with pytest.raises(QueryRefused) as info:
        rulebook.query("between(1, inf, X), X < 0", seconds=0.5, inferences=10**10)
    assert info.value.refusal == "time_limit" and "0.5 s" in str(info.value)
    with pytest.raises(QueryRefused) as info:
        rulebook.query("between(1, inf, X), X < 0", inferences=100_000)
    assert info.value.refusal == "inference_limit"


def test_queries_over_public_predicates(rulebook):
    result = rulebook.query("policy_question(Q, _, ambiguous)")
    assert [s["Q"] for s in result.solutions] == ["q_closer_3_1_3b", "q_other_includes_nurse", "q_layout_bullets",
                                                    "q_heading_roles", "q_licensed"]
    counted = rulebook.query("aggregate_all(count, scenario(_, _, _, _), N)")
    assert counted.solutions == ({"N": 12},) and counted.texts == ({"N": "12"},)  # numbers as numbers
    assert counted.to_dict()["solutions"] == [{"N": "12"}]  # the JSON keeps Prolog's text
    limited = rulebook.query("scenario(Id, _, _, _)", limit=2)
    assert limited.count == 2 and limited.more is True
    assert rulebook.query("role(x)").count == 0


def test_public_predicates_have_pldoc(rulebook):
    predicates = {f"{p.module}:{p.name}/{p.arity}": p for p in rulebook.public_predicates()}
    assert "scenarios:scenario/4" in predicates and "rules:step_outcomes/3" in predicates
    assert "api:advise_json/4" not in predicates
    for p in predicates.values():
        assert p.signature.startswith(f"{p.name}(") and p.summary.startswith("True when")
    # every listed predicate passes the white list and the sandbox (some, called with unbound
    # arguments, may run into the limits: that is an answer too); four query processes at a time,
    # as Rulebook.query allows from threads
    def call(p) -> None:
        args = ", ".join("_" for _ in range(p.arity))
        try:
            rulebook.query(f"{p.module}:{p.name}({args})" if p.arity else f"{p.module}:{p.name}", limit=1,
                           inferences=200_000, seconds=2)
        except QueryRefused as exc:
            # limits, or (for a predicate with +inputs called unbound) an instantiation error
            assert exc.refusal in ("inference_limit", "time_limit") or (
                exc.refusal == "error" and "+" in p.signature and "instantiated" in str(exc)), (p, str(exc))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(call, predicates.values()))


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PY1177_KB_DIR"}
    return subprocess.run([sys.executable, "-m", "py1177", *args], capture_output=True, text=True, timeout=60,
                          env=env, cwd=Path(__file__).parent)


def test_query_cli():
    for goal in ("shell(ls)", "halt", "assertz(x)", "open(f,write,S)"):
        done = cli("query", goal)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith("py1177: fel: inte tillåtet:") and len(done.stderr.splitlines()) == 1
    endless = cli("query", "between(1, inf, X), X < 0", "--seconds", "1")
    assert endless.returncode == 2 and "avbrutet efter" in endless.stderr
    ok = cli("query", "scenario(Id, '3.1.4', _, _)")
    assert ok.returncode == 0 and ok.stdout.splitlines()[0].startswith("Regelbok: ")  # the KB in use
    assert ok.stdout.splitlines()[1:] == ["Id = '3.1.4a'", "Id = '3.1.4b'", "Id = '3.1.4c'"]
    helped = cli("query", "--help")
    assert helped.returncode == 0
    assert "scenarios:scenario(?Id, ?Section, ?Title, ?Pattern) is nondet." in helped.stdout
    assert "True when scenario Id of Section has the heading Title" in helped.stdout


@pytest.mark.parametrize("goal", [
    "predsort([O,A,B]>>(assertz(zz(1)),compare(O,A,B)),[b,a],L)",
    "X is 2**(2**30), Y is X mod 7",
    "X is 1 << 100000000",
    "forall(member(X, [1]), assertz(zz(X)))",
    "aggregate_all(count, shell(ls), N)",
    "findall(X, (member(X, [a]), set_prolog_flag(double_quotes, codes)), L)",
])
def test_goals_hidden_in_arguments_or_arithmetic_are_refused(rulebook, goal):
    with pytest.raises(QueryRefused):
        rulebook.query(goal)
    assert rulebook.query('X = "abc"').solutions == ({"X": '"abc"'},)  # no flag changed


@pytest.mark.parametrize("goal", ["X = " + "f(" * 20000 + "a" + ")" * 20000, " , ".join(["true"] * 2000)])
def test_huge_or_deep_goals_are_refused_before_prolog_reads_them(rulebook, goal):
    from py1177 import InputError

    with pytest.raises(InputError, match="too big"):
        rulebook.query(goal)
    assert rulebook.advise(scenario="3.1.1a").closed_by_step == 1


@pytest.mark.parametrize("seconds", [float("nan"), float("inf"), True, 0, 1e308, "1"])
def test_bad_time_limits(rulebook, seconds):
    from py1177 import InputError

    with pytest.raises(InputError, match="seconds must be a number"):
        rulebook.query("true", seconds=seconds)


def test_json_output_stays_clean():
    done = cli("query", "member(X, [a, 'b c'])", "--json")
    assert done.returncode == 0
    import json

    assert json.loads(done.stdout)["solutions"] == [{"X": "a"}, {"X": "'b c'"}]


# --- issue 11, items 1 and 2: the goal runs in a process of its own, under limits that hold ---------------

def _doubled(name: str, start: str, times: int) -> list[str]:
    """Goals that double the atom ``start`` ``times`` times: {name}{times} is 2**times copies."""
    goals = [f"{name}0 = {start}"]
    goals += [f"atomic_list_concat([{name}{i}, {name}{i}], {name}{i + 1})" for i in range(times)]
    return goals


# term_to_atom/2 parses text nested 32 768 deep, built at run time (the 100-level check on the
# goal's text cannot see it): in-process this overflowed the C stack and killed Python (exit 139).
DEEP = ", ".join(_doubled("A", "'f('", 15) + _doubled("B", "')'", 15)
                 + ["atomic_list_concat([A15, a, B15], T)", "term_to_atom(X, T)"])
# Atoms live outside Prolog's stacks: 1 500 copies of a 1 MB atom (1.5 GB) ran for 9 s and took
# 3.1 GB under a 1 s limit; 3 000 aborted the process or deadlocked it.
ATOMS = ", ".join(_doubled("A", "a", 20) + ["findall(A20, between(1, 1500, _), L)",
                                             "atomic_list_concat(L, Big)", "atom_length(Big, N)"])
# A term of 2**40 nodes (shared): its error message was formatted after the time limit, whole.
SHARED = ", ".join(["X0 = a"] + [f"X{i + 1} = f(X{i}, X{i})" for i in range(40)] + ["atom_length(X40, _)"])


def test_a_goal_that_crashes_prolog_is_refused_and_the_caller_lives_on(rulebook):
    assert len(DEEP) <= 2000
    with pytest.raises(QueryRefused) as info:
        rulebook.query(DEEP, seconds=5)
    assert "c_stack" in str(info.value) or info.value.refusal in ("crashed", "memory_limit")
    assert rulebook.advise(scenario="3.1.2b").closed_by_step == 2
    done = cli("query", DEEP)
    assert done.returncode == 2 and done.stdout == "", (done.returncode, done.stderr[-500:])
    assert done.stderr.startswith("py1177: fel: ") and len(done.stderr.splitlines()) == 1


def test_memory_outside_the_stacks_is_bounded(rulebook):
    import time

    started = time.monotonic()
    with pytest.raises(QueryRefused) as info:
        rulebook.query(ATOMS, seconds=1)
    elapsed = time.monotonic() - started
    assert info.value.refusal in ("memory_limit", "resource", "time_limit"), str(info.value)
    # the limits of the query process hold: seconds + 5 s after the KB is loaded (loading: 10 s at
    # most); generous here, for a busy machine — before, it ran on for minutes
    assert elapsed < 30, elapsed
    with pytest.raises(QueryRefused) as info:
        rulebook.query(", ".join(_doubled("A", "a", 27)) + ", atom_length(A27, N)", memory_mb=128)
    assert info.value.refusal in ("memory_limit", "resource"), str(info.value)
    assert "128 MB" in str(info.value) or info.value.refusal == "resource"
    assert rulebook.query("atom_length(abc, N)").solutions == ({"N": 3},)


def test_error_messages_are_bounded_and_inside_the_time_limit(rulebook):
    import time

    started = time.monotonic()
    with pytest.raises(QueryRefused) as info:
        rulebook.query(SHARED, seconds=2)
    assert time.monotonic() - started < 30
    message = str(info.value)
    assert "Type error" in message and len(message) < 2000 and "…" in message
    # answers are bounded the same way: a value of 2**40 nodes is shown cut down
    shown = rulebook.query(", ".join(["X0 = a"] + [f"X{i + 1} = f(X{i}, X{i})" for i in range(40)]), limit=1)
    assert all(len(value) <= 10_001 for solution in shown.texts for value in solution.values())


def test_the_answer_size_is_bounded(rulebook):
    # 2 000 solutions, each binding an 8 192-character atom: 16 MB of answer
    goal = ", ".join(_doubled("A", "a", 13) + ["between(1, 2000, N)"])
    with pytest.raises(QueryRefused) as info:
        rulebook.query(goal, limit=2000)
    assert info.value.refusal == "output_limit" and "--limit" in str(info.value)
    assert rulebook.query(goal, limit=2).count == 2


@pytest.mark.parametrize("goal", ["true. shell(ls)", "true. shell(ls).", "member(X, [1]). halt",
                                  "true. true", "X = 1. % a comment\nY = 2"])
def test_text_after_the_first_goal_is_refused(rulebook, goal):
    with pytest.raises(QueryRefused) as info:
        rulebook.query(goal)
    assert info.value.refusal == "trailing", str(info.value)
    assert "text after the first goal is refused" in str(info.value)


@pytest.mark.parametrize("goal", ["X = 1", "X = 1.", "X = 1. % a comment", "X = 'a. b'", "X = 1 /* c */"])
def test_one_goal_with_or_without_a_full_stop_is_read(rulebook, goal):
    assert rulebook.query(goal).solutions == ({"X": 1 if "'" not in goal else "'a. b'"},)


def test_bindings_are_typed(rulebook):
    """Numbers come back as Python numbers, every other term as the text Prolog writes for it
    (an atom that looks like a number is quoted, so it stays text)."""
    result = rulebook.query("X = 7, Y = -2.5, Z = 1.0e20, B = 123456789012345678901234567890, A = '12', "
                            "S = \"12\", T = f(1), L = [1, 2], N = - 1")
    (solution,) = result.solutions
    assert solution == {"X": 7, "Y": -2.5, "Z": 1e20, "B": 123456789012345678901234567890, "A": "'12'",
                        "S": '"12"', "T": "f(1)", "L": "[1,2]", "N": "- 1"}
    assert type(solution["X"]) is int and type(solution["Y"]) is float
    assert result.texts[0]["X"] == "7" and result.to_dict()["solutions"][0]["Y"] == "-2.5"


def test_queries_from_many_threads_at_once(rulebook):
    """Each query is a process of its own (at most sandbox.QUERY_PROCESSES at a time): threads
    that query at once all get their own answers."""
    from concurrent.futures import ThreadPoolExecutor

    goals = [f"X is {n} * 2" for n in range(8)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda g: rulebook.query(g).solutions, goals))
    assert answers == [({"X": n * 2},) for n in range(8)]


def test_the_query_process_reads_the_kb_in_use(tmp_path, rulebook):
    """A draft given with --kb is what the query process loads (strictly), not the bundled KB."""
    import shutil

    draft = tmp_path / "draft"
    shutil.copytree(rulebook.kb_dir, draft)
    section = draft / "section_3_1_1.pl"
    text = section.read_text(encoding="utf-8")
    title = rulebook.query("scenario('3.1.1a', _, T, _)").solutions[0]["T"]  # "…" (a string)
    fact = f"scenarios:scenario('3.1.1a', '3.1.1', {title}"
    assert fact in text
    section.write_text(text.replace(fact, fact[:-1] + ' (UTKAST)"'), encoding="utf-8")
    done = cli("query", "--kb", str(draft), "scenario('3.1.1a', _, T, _)")
    assert done.returncode == 0, done.stderr
    assert "(UTKAST)" in done.stdout
