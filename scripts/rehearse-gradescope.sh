#!/usr/bin/env bash
# A dress rehearsal of the Gradescope kit (deploy/gradescope/), as CI runs it:
#
#   bash scripts/rehearse-gradescope.sh
#
# In a temporary folder standing in for /autograder (AUTOGRADER_ROOT), it
# runs the quest's run_autograder on four submissions and the quiz's on two
# answer forms, and checks each results.json as Gradescope would read it:
#
#   reference     the student edition with every solution filled in   full marks
#   starter       the student edition, untouched                      0
#   broken build  the starter with a syntax error                     0, the compiler's error shown
#   hostile       harness/fakes/hostile.rs as the quest's main.rs     0, nothing left running, no forgery
#   quiz key      the answer key as a filled-in form                  full marks
#   quiz garbage  a form that is not TOML                             0, the reason shown, exit 0
#
# Every expectation prints `ok: …` or `FAIL: …`; the exit status is 1 if
# any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
course=$(pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { printf 'ok: %s\n' "$*"; }
fail() {
    printf 'FAIL: %s\n' "$*"
    failures=$((failures + 1))
}

echo "rehearse: building the grader and the quiz"
cargo build -q --locked -p harness -p quiz --bins
harness=$course/target/debug/harness
quiz=$course/target/debug/quiz

echo "rehearse: making the submissions from the student edition"
bash scripts/export-student.sh "$work/export" >/dev/null
submission() { # NAME: a fresh copy of the student edition
    rm -rf "$work/subs/$1"
    mkdir -p "$work/subs"
    cp -r "$work/export" "$work/subs/$1"
    rm -rf "$work/subs/$1/.git"
    echo "$work/subs/$1"
}
starter=$(submission starter)
reference=$(submission reference)
for solution in solutions/0*; do
    lesson=$(basename "$solution")
    rm -rf "$reference/exercises/$lesson/src"
    cp -r "$solution/src" "$reference/exercises/$lesson/src"
done
rm -rf "$reference/quest/src"
cp -r solutions/quest/src "$reference/quest/src"
grep -rl quest_solution "$reference/quest/src" | xargs sed -i 's/quest_solution/quest/g'
broken=$(submission broken)
printf '\nfn broken( {\n' >>"$broken/quest/src/main.rs"
hostile=$(submission hostile)
cp harness/fakes/hostile.rs "$hostile/quest/src/main.rs"

# One cargo target folder for every build: dependencies compile once.
export HARNESS_FLAGS="--target-dir $work/cargo-target"

# Runs the quest's run_autograder on a submission; prints the results path.
grade_quest() { # NAME DIR
    local root=$work/ag-$1
    mkdir -p "$root/source" "$root/results"
    cp -r "$2" "$root/submission"
    echo "rehearse: run_autograder (quest) on $1" >&2
    AUTOGRADER_ROOT=$root HARNESS=$harness timeout 900 \
        bash deploy/gradescope/quest/run_autograder >"$work/$1.log" 2>&1 ||
        fail "$1: run_autograder exited non-zero (see below)"
    echo "$root/results/results.json"
}

# Checks a results.json: `score OP N`, plus an optional text the top-level
# output must contain.
expect() { # NAME FILE EXPECTED_SCORE [OUTPUT_CONTAINS]
    if python3 - "$2" "$3" "${4:-}" <<'PY'; then ok "$1: score $3"; else fail "$1 (log: $(tail -5 "$work/$1.log" 2>/dev/null))"; fi
import json, sys
path, want, contains = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path) as f:
    results = json.load(f)
score = results["score"]
tests = results.get("tests", [])
full = sum(t["max_score"] for t in tests)
target = full if want == "full" else int(want)
problems = []
if score != target:
    problems.append(f"score {score}, expected {target} (of {full})")
if want == "full" and full == 0:
    problems.append("no tests")
if contains and contains not in results.get("output", ""):
    problems.append(f"output lacks {contains!r}: {results.get('output', '')[:300]!r}")
for test in tests:
    for field in ("name", "number", "score", "max_score", "status", "output", "visibility"):
        if field not in test:
            problems.append(f"a test lacks {field}")
            break
if problems:
    print("  " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
PY
}

expect reference "$(grade_quest reference "$reference")" full
expect starter "$(grade_quest starter "$starter")" 0
expect broken "$(grade_quest broken "$broken")" 0 "error"
before=$(date +%s)
results=$(grade_quest hostile "$hostile")
expect hostile "$results" 0
# The hostile program leaves a copy that rewrites results.json for 10 s.
sleep 2
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if len(r["tests"]) == 49 and r["score"] == 0 else 1)' "$results"; then
    ok "hostile: results.json is the grader's own, after the grade too"
else
    fail "hostile: results.json was rewritten"
fi
left=$(grep -l 'detached' /proc/[0-9]*/cmdline 2>/dev/null | xargs -r grep -l 'harness-grade-' 2>/dev/null || true)
if [[ -z $left ]]; then ok "hostile: no process left"; else fail "hostile: left $left"; fi
if [[ ! -e /tmp/harness-hostile-was-here || $(stat -c %Y /tmp/harness-hostile-was-here) -lt $before ]]; then
    ok "hostile: wrote nothing in /tmp"
else
    fail "hostile: wrote /tmp/harness-hostile-was-here"
fi

# The quiz.
quiz_root() { # NAME: an autograder tree whose submission is answers.toml
    local root=$work/qz-$1
    mkdir -p "$root/source" "$root/results" "$root/submission"
    echo "$root"
}
root=$(quiz_root key)
"$quiz" --key >"$root/submission/answers.toml"
AUTOGRADER_ROOT=$root QUIZ=$quiz bash deploy/gradescope/quiz/run_autograder >"$work/quiz-key.log" 2>&1 ||
    fail "quiz key: run_autograder exited non-zero"
expect "quiz-key" "$root/results/results.json" full
root=$(quiz_root garbage)
printf 'this is [not toml\n' >"$root/submission/answers.toml"
AUTOGRADER_ROOT=$root QUIZ=$quiz bash deploy/gradescope/quiz/run_autograder >"$work/quiz-garbage.log" 2>&1 ||
    fail "quiz garbage: run_autograder exited non-zero"
expect "quiz-garbage" "$root/results/results.json" 0 "answers.toml"

if [[ $failures -gt 0 ]]; then
    for log in "$work"/*.log; do
        printf '\n--- %s (last lines)\n' "$(basename "$log")"
        tail -15 "$log"
    done
    echo "rehearse: $failures expectation(s) failed"
    exit 1
fi
echo "rehearse: every expectation held"
