#!/usr/bin/env bash
# A dress rehearsal of the Gradescope kit (deploy/gradescope/), as CI runs it:
#
#   bash scripts/rehearse-gradescope.sh
#
# It makes the two autograder zips with make-zip.sh and unpacks each, for
# every submission, into a fresh stand-in for /autograder (AUTOGRADER_ROOT)
# in a temporary folder: source/ (the zip), submission/, results/, and
# run_autograder copied from source/ as Gradescope does. Then it runs
# run_autograder there, as Gradescope would (as root, from /autograder),
# and checks the results.json Gradescope would upload:
#
#   quest  reference      the student edition, every solution filled in   full marks
#          starter        the student edition, untouched                  0
#          broken build   the starter with a syntax error                 0, the compiler's error shown
#          hostile        harness/fakes/hostile.rs as quest/src/main.rs   0, nothing stolen, forged or left running
#          build script   the starter with a build.rs that forges         0, the build ran as nobody
#                         (plants results, appends to run_autograder)
#          no grader      the harness binary is missing                   0, a valid results.json
#   quiz   key            the answer key as answers.toml, uploaded alone  full marks
#          repository     the key as quiz/answers.toml in a repository    full marks (a stray answers.toml ignored)
#          garbage        an answers.toml that is not TOML                0, the reason shown
#          nothing        no answers.toml at all                          0, the reason shown
#          no quiz        the quiz binary is missing                      0, a valid results.json
#
# setup.sh is not run (it installs system packages and a toolchain); the
# grader and the quiz are built here in debug mode and passed in with
# HARNESS and QUIZ, and every build of a submission shares one cargo
# target folder (HARNESS_FLAGS=--target-dir), so dependencies compile once.
# As root, a copy of this machine's toolchain that every user can run
# (hard links) stands in for setup.sh's in /usr/local, so that the
# unprivileged build is rehearsed too.
#
# Every expectation prints `ok: …` or `FAIL: …` (and `skip: …` when this
# machine cannot rehearse it); the exit status is 1 if any failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
started=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/rehearse-gradescope.XXXXXX")
# REHEARSE_KEEP=1 keeps the folder (every run's tree and log) to look into.
if [[ ${REHEARSE_KEEP:-} == 1 ]]; then
    trap 'echo "rehearse: kept $work" >&2' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi
# Others may pass through: the unprivileged build reaches its shared target
# folder and the toolchain copy in here.
chmod 711 "$work"
failures=0
ok() { printf 'ok: %s\n' "$*"; }
fail() {
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}
skip() { printf 'skip: %s\n' "$*"; }
say() { printf 'rehearse: [%3d s] %s\n' "$((SECONDS - started))" "$*" >&2; }

# The checks on results files, zips and processes, in Python's json module.
cat >"$work/check.py" <<'PY'
import hashlib, json, os, sys, zipfile

def results(path, want, max_score, n_tests, contains, absent):
    """Problems with a results.json, as Gradescope reads it."""
    try:
        with open(path) as f:
            r = json.load(f)
    except (OSError, ValueError) as e:
        return [f"no valid results.json: {e}"]
    problems = []
    tests = r.get("tests", [])
    full = sum(t.get("max_score", 0) for t in tests)
    if "score" not in r:
        problems.append("no top-level score")
    score = r.get("score")
    target = full if want == "full" else float(want)
    if want == "full" and full == 0:
        problems.append("no tests, so no full marks")
    if score != target:
        problems.append(f"score {score}, expected {target:g}")
    if max_score and full != float(max_score):
        problems.append(f"the tests are worth {full:g}, expected {max_score}")
    if n_tests and len(tests) != int(n_tests):
        problems.append(f"{len(tests)} tests, expected {n_tests}")
    for t in tests:
        missing = [k for k in ("name", "score", "max_score", "output") if k not in t]
        if missing:
            problems.append(f"a test lacks {', '.join(missing)}")
            break
    text = json.dumps(r)
    output = r.get("output", "")
    if contains and contains not in output:
        problems.append(f"the output lacks {contains!r}: {output[:200]!r}")
    for word in absent:
        if word and word in text:
            problems.append(f"the results hold {word!r}")
    return problems

def procs(binary):
    """Processes running BINARY (same size and SHA-256), wherever it was copied."""
    size = os.path.getsize(binary)
    with open(binary, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        exe = f"/proc/{pid}/exe"
        try:
            if os.stat(exe).st_size != size:
                continue
            with open(exe, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() == digest:
                    found.append(f"{pid} ({os.readlink(exe)})")
        except OSError:
            continue
    return found

def zip_layout(path):
    """Problems with an autograder zip's layout."""
    with zipfile.ZipFile(path) as z:
        infos = {i.filename: i for i in z.infolist()}
    problems = []
    for name in ("setup.sh", "run_autograder", "course/Cargo.toml", "course/Cargo.lock",
                 "course/solutions/quest/src/main.rs", "course/harness/src/main.rs"):
        if name not in infos:
            problems.append(f"no {name}")
    run = infos.get("run_autograder")
    if run and not (run.external_attr >> 16) & 0o100:
        problems.append("run_autograder is not executable")
    if any(n.startswith("course/target/") or "/.git/" in n for n in infos):
        problems.append("build output or git history in the zip")
    return problems

verb, args = sys.argv[1], sys.argv[2:]
if verb == "results":
    path, want, max_score, n_tests, contains, *absent = args
    problems = results(path, want, max_score, n_tests, contains, absent)
elif verb == "procs":
    problems = procs(args[0])
elif verb == "zip":
    problems = zip_layout(args[0])
elif verb == "tests":
    with open(args[0]) as f:
        print(len(json.load(f).get("tests", [])))
    problems = []
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
check() { python3 "$work/check.py" "$@"; }

# 1. The grader and the quiz, wherever cargo puts them (CARGO_TARGET_DIR).
say "building the grader and the quiz"
binaries=$(cargo build -q --locked -p harness -p quiz --bins --message-format=json-render-diagnostics |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] in ("harness", "quiz"):
        print(m["target"]["name"], m["executable"])
')
harness=$(awk '$1 == "harness" { print $2 }' <<<"$binaries")
quiz=$(awk '$1 == "quiz" { print $2 }' <<<"$binaries")
[[ -x $harness && -x $quiz ]] || {
    echo "rehearse: cargo named no harness or quiz binary" >&2
    exit 1
}
# Full marks are what the catalogue says: "52 checks, 123 points".
catalogue=$("$harness" grade --list | tail -1)
read -r n_checks _ max_points _ <<<"$catalogue"
say "the catalogue: $catalogue"

# 2. A toolchain the unprivileged user can run, as setup.sh makes one.
toolchain_env=()
readable_toolchain() { # DIR
    local dir=$1 sysroot rustup rustup_home cargo_home
    [[ $(id -u) -eq 0 ]] || return 1
    sysroot=$(rustc --print sysroot) && rustup=$(readlink -f "$(command -v cargo)") || return 1
    # Only a rustup install lives in a home folder others cannot enter.
    [[ ${rustup##*/} == rustup ]] || return 1
    rustup_home=$(rustup show home) && cargo_home=${CARGO_HOME:-$HOME/.cargo} || return 1
    mkdir -p "$dir/rustup/toolchains" "$dir/rustup/update-hashes" "$dir/cargo/bin"
    # Hard links: instant and free, but only within one file system.
    cp -al "$sysroot" "$dir/rustup/toolchains/" 2>/dev/null || return 1
    cp -al "$cargo_home/registry" "$dir/cargo/registry" 2>/dev/null || return 1
    cp "$rustup_home/settings.toml" "$dir/rustup/settings.toml"
    cp "$rustup" "$dir/cargo/bin/rustup"
    ln -s rustup "$dir/cargo/bin/cargo"
    ln -s rustup "$dir/cargo/bin/rustc"
    # The folders are new and may be opened by all; the linked files keep
    # their own modes (chmod on them would change the originals).
    find "$dir" -type d -exec chmod a+rx {} +
}
if readable_toolchain "$work/toolchain"; then
    toolchain_env=(RUSTUP_HOME="$work/toolchain/rustup" CARGO_HOME="$work/toolchain/cargo")
    say "the unprivileged build uses a copy of this machine's toolchain (as setup.sh's /usr/local one)"
else
    say "no toolchain the unprivileged user can run here (not root, or another file system): the build runs as $(id -un)"
fi

# 3. The zips, as an instructor makes them.
say "making the zips"
bash deploy/gradescope/make-zip.sh "$work/zips" >/dev/null
for kind in quest quiz; do
    if problems=$(check zip "$work/zips/$kind-autograder.zip"); then
        ok "$kind-autograder.zip: setup.sh and run_autograder at the root, the course under course/"
    else
        fail "$kind-autograder.zip: $problems"
    fi
done

# A fresh stand-in for /autograder for one run, with the zip of KIND
# unpacked as Gradescope does; prints its path.
autograder_tree() { # KIND NAME
    local root=$work/ag/$1-$2
    mkdir -p "$root/source" "$root/submission" "$root/results"
    if command -v unzip >/dev/null; then
        unzip -q "$work/zips/$1-autograder.zip" -d "$root/source"
    else
        python3 -m zipfile -e "$work/zips/$1-autograder.zip" "$root/source"
        chmod +x "$root/source/run_autograder"
    fi
    cp "$root/source/run_autograder" "$root/run_autograder"
    echo "$root"
}

# Runs ROOT's run_autograder as Gradescope does: from ROOT, with a bare
# environment (plus the rehearsal's settings), bounded in time. Prints the
# exit status; the output goes to ROOT.log.
run_in() { # ROOT [NAME=VALUE...]
    local root=$1 status=0
    shift
    (cd "$root" && timeout 600 env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 \
        AUTOGRADER_ROOT="$root" "${toolchain_env[@]}" "$@" ./run_autograder) \
        >"$root.log" 2>&1 || status=$?
    echo "$status"
}

# One line for a run: ok, or FAIL with what is wrong and the log's end.
expect() { # LABEL ROOT STATUS SCORE MAX TESTS CONTAINS [ABSENT...]
    local label=$1 root=$2 status=$3 want=$4 problems
    shift 4
    problems=$(check results "$root/results/results.json" "$want" "$@") || true
    [[ $status -eq 0 ]] || problems="run_autograder exited $status; $problems"
    if [[ -z $problems ]]; then
        ok "$label: score $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["score"])' "$root/results/results.json"), exit 0"
    else
        fail "$label: ${problems//$'\n'/; }"
        tail -8 "$root.log" | sed 's/^/    | /'
    fi
}

# 4. The submissions, from the student edition.
say "making the submissions from the student edition"
bash scripts/export-student.sh "$work/export" >/dev/null
submission() { # NAME: a fresh copy of the student edition; prints its path
    cp -a "$work/export" "$work/sub-$1"
    echo "$work/sub-$1"
}
starter=$(submission starter)
rm -rf "$starter/.git"
# The reference keeps its .git/ (the harness must skip it).
reference=$(submission reference)
for solution in solutions/[0-9]*/; do
    lesson=$(basename "$solution")
    rm -rf "$reference/exercises/$lesson/src"
    cp -r "$solution/src" "$reference/exercises/$lesson/src"
done
rm -rf "$reference/quest/src"
cp -r solutions/quest/src "$reference/quest/src"
# What a student who wrote the reference would have called it.
grep -rlE 'quest[-_]solution' "$reference/quest/src" | xargs -r sed -i -E 's/quest[-_]solution/quest/g'
broken=$(submission broken)
rm -rf "$broken/.git"
printf '\nfn broken( {\n' >>"$broken/quest/src/main.rs"

target_flags=(HARNESS="$harness" HARNESS_FLAGS="--target-dir $work/cargo-target")
grade() { # NAME SUBMISSION [NAME=VALUE...]: a run of the quest's autograder; prints ROOT STATUS
    local name=$1 dir=$2 root
    shift 2
    root=$(autograder_tree quest "$name")
    cp -a "$dir/." "$root/submission/"
    say "run_autograder (quest) on $name"
    echo "$root $(run_in "$root" "${target_flags[@]}" "$@")"
}

read -r root status < <(grade reference "$reference")
expect "quest reference" "$root" "$status" "$max_points" "$max_points" "$n_checks" ""
read -r root status < <(grade starter "$starter")
expect "quest starter" "$root" "$status" 0 "$max_points" "$n_checks" ""
read -r root status < <(grade broken "$broken")
expect "quest broken build (the compiler's error shown)" "$root" "$status" 0 "" "" "error:"

# The hostile program: steals, writes where it must not, forges the
# results and leaves a detached copy rewriting them for 10 s.
if [[ ! -f harness/fakes/hostile.rs ]]; then
    skip "quest hostile: harness/fakes/hostile.rs does not exist yet"
else
    hostile=$(submission hostile)
    rm -rf "$hostile/.git"
    cp harness/fakes/hostile.rs "$hostile/quest/src/main.rs"
    # A secret in the grader's environment, which must not reach the report.
    canary="rehearsal-secret-$RANDOM$RANDOM"
    before=$(date +%s)
    read -r root status < <(grade hostile "$hostile" REHEARSAL_SECRET="$canary")
    if [[ $(id -u) -eq 0 ]]; then
        expect "quest hostile: nothing stolen, nothing forged" "$root" "$status" 0 "$max_points" "$n_checks" "" \
            "$canary" "grader env" "stole " "forged by the submission"
    else
        # Not root, the program runs as this user and may read what it can:
        # only root grades (Gradescope's, CI's) keep secrets from it.
        expect "quest hostile: nothing forged" "$root" "$status" 0 "$max_points" "$n_checks" "" \
            "forged by the submission"
        skip "quest hostile: secrets and /tmp are protected only when grading as root"
    fi
    results_hash=$(sha256sum <"$root/results/results.json")
    # The detached copy would go on rewriting the file for 10 s.
    sleep 2
    left=$(check procs "$work/cargo-target/release/quest") || true
    if [[ -z $left ]]; then
        ok "quest hostile: no process of it left running"
    else
        fail "quest hostile: still running: ${left//$'\n'/, }"
    fi
    if [[ $(sha256sum <"$root/results/results.json") == "$results_hash" ]]; then
        ok "quest hostile: results.json unchanged after the grade"
    else
        fail "quest hostile: results.json changed after run_autograder returned"
    fi
    strays=$(find "$root" "$repo" "$root/submission" -maxdepth 1 -name HOSTILE-WAS-HERE)
    mark=/tmp/harness-hostile-was-here
    if [[ $(id -u) -eq 0 && -e $mark && $(stat -c %Y "$mark") -ge $before ]]; then
        strays+=" $mark"
    fi
    if [[ -z ${strays// /} ]]; then
        ok "quest hostile: no file written outside its scratch folders"
    else
        fail "quest hostile: wrote $strays"
    fi
fi

# A build script runs the submission's code at build time: it must run as
# the unprivileged user, where it cannot touch the results.
scripted=$(submission build-script)
rm -rf "$scripted/.git"
probe=$work/probe
mkdir -m 1777 "$probe"
root=$work/ag/quest-build-script
cat >"$scripted/quest/build.rs" <<EOF
// Written by the rehearsal: what a build script run as root could do.
use std::io::Write;
fn main() {
    // Plant a results file, and append a line that writes one to the
    // script bash is running (bash reads a script as it goes).
    let _ = std::fs::write("$root/results/written-by-the-build", "x");
    if let Ok(mut script) = std::fs::OpenOptions::new().append(true).open("$root/run_autograder") {
        let _ = writeln!(script, "echo '{{\"score\":118,\"tests\":[]}}' >'$root/results/results.json'");
    }
    // Proof that it ran, and as whom: the file's owner.
    let _ = std::fs::write("$probe/build-script-ran", "x");
}
EOF
read -r root status < <(grade build-script "$scripted")
expect "quest build script" "$root" "$status" 0 "$max_points" "$n_checks" ""
owner=$(stat -c %U "$probe/build-script-ran" 2>/dev/null || echo none)
if [[ ${#toolchain_env[@]} -eq 0 ]]; then
    skip "quest build script: ran as $owner (no toolchain the unprivileged user can run here)"
elif [[ $owner == nobody && ! -e $root/results/written-by-the-build ]]; then
    ok "quest build script: ran as nobody and could not write the results folder"
else
    fail "quest build script: ran as $owner; wrote the results folder: $([[ -e $root/results/written-by-the-build ]] && echo yes || echo no)"
fi

root=$(autograder_tree quest no-grader)
cp -a "$starter/." "$root/submission/"
status=$(run_in "$root" HARNESS="$work/no-such-harness")
expect "quest without a grader binary" "$root" "$status" 0 "" "" "not built"

# 5. The quiz.
root=$(autograder_tree quiz key)
"$quiz" --key >"$root/submission/answers.toml"
expect "quiz key, uploaded alone" "$root" "$(run_in "$root" QUIZ="$quiz")" full "" "" ""
root=$(autograder_tree quiz repository)
mkdir -p "$root/submission/week04" "$root/submission/notes"
cp -a "$starter/." "$root/submission/week04/"
"$quiz" --key >"$root/submission/week04/quiz/answers.toml"
# Shallower than quiz/answers.toml, and not the form.
printf 'not the form [\n' >"$root/submission/notes/answers.toml"
expect "quiz key, as quiz/answers.toml of a repository" "$root" "$(run_in "$root" QUIZ="$quiz")" full "" "" ""
root=$(autograder_tree quiz garbage)
printf 'this is [not toml\n' >"$root/submission/answers.toml"
expect "quiz garbage form (the reason shown)" "$root" "$(run_in "$root" QUIZ="$quiz")" 0 "" "" "answers.toml"
root=$(autograder_tree quiz nothing)
expect "quiz without answers.toml" "$root" "$(run_in "$root" QUIZ="$quiz")" 0 "" "" "No answers.toml"
root=$(autograder_tree quiz no-quiz)
"$quiz" --key >"$root/submission/answers.toml"
expect "quiz without a quiz binary" "$root" "$(run_in "$root" QUIZ="$work/no-such-quiz")" 0 "" "" "not built"

say "done in $((SECONDS - started)) s"
if [[ $failures -gt 0 ]]; then
    echo "rehearse: $failures expectation(s) failed (logs: each run's output is quoted above)"
    exit 1
fi
echo "rehearse: every expectation held"
