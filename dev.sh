#!/usr/bin/env bash
# py1177 tasks on a fresh Debian/Ubuntu machine:
#   ./dev.sh demo    install what is missing, then answer a real query
#   ./dev.sh test    install what is missing, then run the whole test suite
#   ./dev.sh bench   install what is missing, then run the benchmarks (bench/bench.py)
# Installs SWI-Prolog (swi-prolog-nox) with apt-get when swipl is missing (sudo when
# not root), creates a virtual environment in .venv and installs the package into it
# (a real `pip install .`, not editable, so the tests prove the wheel finds its KB).
set -euo pipefail
cd "$(dirname "$0")"
VENV="${PY1177_VENV:-.venv}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    echo "dev.sh: installing $* with apt-get" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_swipl() {
    command -v swipl >/dev/null 2>&1 || apt_install swi-prolog-nox
}

ensure_python() {
    if ! command -v python3 >/dev/null 2>&1; then
        apt_install python3 python3-venv python3-pip
    fi
    if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
        echo "dev.sh: Python 3.10 or newer is needed (found $(python3 --version 2>&1))" >&2
        exit 2
    fi
    if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
        apt_install python3-venv
    fi
}

ensure_venv() {
    ensure_swipl
    ensure_python
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    # playwright (test extra) drives Debian's chromium: never download its own browsers
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$VENV/bin/python" -m pip install -q --disable-pip-version-check ".[test,serve]"
}

cmd="${1:-}"
case "$cmd" in
    demo)
        ensure_venv
        "$VENV/bin/py1177" advise --scenario 3.1.2c --date 2023-09-01
        ;;
    test)
        ensure_venv
        shift
        # tests/test_render.py renders the HTML in headless Chromium; CI must have it.
        if [ "${CI:-}" = true ] && ! command -v chromium >/dev/null 2>&1; then
            apt_install chromium
        fi
        set +e
        # The pytest script (not `python -m pytest`, which puts the source tree first on
        # sys.path) so that `import py1177` finds the installed wheel.
        # Two processes, file by file (PY1177_TEST_JOBS=0 runs them in this one); `-m "not slow"`
        # after `./dev.sh test` skips the browser and load tests locally (CI runs everything).
        jobs="${PY1177_TEST_JOBS:-2}"
        if [ "$jobs" = 0 ]; then parallel=(); else parallel=(-n "$jobs" --dist loadfile); fi
        # Paths given (`./dev.sh test tests/test_cli.py -x`) replace the default `tests`.
        where=(tests)
        for arg in "$@"; do
            if [ -e "${arg%%::*}" ]; then where=(); break; fi
        done
        PY1177_EXPECT_INSTALLED=1 "$VENV/bin/pytest" -p no:cacheprovider -q "${parallel[@]}" "${where[@]}" "$@"
        rc=$?
        set -e
        if [ "$rc" -eq 5 ]; then
            echo "dev.sh: pytest collected no tests - that is a failure" >&2
            exit 1
        fi
        exit "$rc"
        ;;
    bench)
        ensure_venv
        shift
        "$VENV/bin/python" bench/bench.py "$@"
        ;;
    *)
        echo "usage: ./dev.sh demo|test|bench" >&2
        exit 2
        ;;
esac
