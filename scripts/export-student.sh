#!/usr/bin/env bash
# Writes the student edition of the course: the repository a class gets.
#
#   bash scripts/export-student.sh DIR               # write it (DIR must be new or empty)
#   bash scripts/export-student.sh --check DIR       # write it, then prove that it works
#   bash scripts/export-student.sh --check-only DIR  # prove an existing export works
#
# This repository is the full edition – for self-study and for instructors –
# and it holds the answers:
#
#   solutions/               every exercise and the whole quest, implemented
#   quiz/questions/*.toml    the quiz's key (`answer =`, `explanation =`), and a
#                            `quiz` binary that prints it (`--key`)
#   harness/src/verify/      the buggy variants: exact edits of the reference
#   .ci/, deploy/, scripts/  the maintainers' gate, the instructors' autograder
#                            kits, and tools that run the reference
#
# The student edition keeps the lessons, the exercises, the starter quest,
# the harness built without its `maintainer` feature (`cargo harness
# progress` and `cargo harness grade`, no `verify`), and turns the quiz into
# two files: the questions (quiz/quiz.md) and a form to fill in
# (quiz/answers.toml). It is a fresh git repository with one commit, ready
# to push as a GitHub Classroom template.
#
# The source repository is never modified: the export is made from the
# files git tracks (as they are in the working tree), and the only build in
# the source is `cargo run -p quiz` for the form, which writes nothing but
# cargo's cache in target/ (or in $CARGO_TARGET_DIR). Every build of the
# export happens in the export, in its own target/.
#
# Every edit of a text names the exact words it replaces, and fails when
# they are not there exactly once: when the full edition's wording changes,
# the export stops with the file and the words, instead of shipping a
# student edition that points at things it does not have.
set -euo pipefail

# ── The command line ─────────────────────────────────────────────────────

usage() {
    echo "usage: bash scripts/export-student.sh [--check | --check-only] DIR" >&2
    exit 2
}
export_it=true
check=false
case ${1:-} in
--check) check=true && shift ;;
--check-only) check=true && export_it=false && shift ;;
-h | --help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' && exit 0 ;;
-*) usage ;;
esac
[[ $# -eq 1 && -n $1 ]] || usage
dest_arg=$1

die() {
    echo "export-student: $*" >&2
    exit 1
}
say() { echo "export-student: $*"; }
need() { command -v "$1" >/dev/null || die "needs $1 on PATH"; }
need git
need cargo
need tar
need python3
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "needs python3 3.11 or newer (tomllib)"

source_root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel) ||
    die "run me from a checkout of the course (git cannot find one)"
dest=$(realpath -m "$dest_arg")
case $dest/ in
"$source_root"/*) die "$dest_arg is inside the source repository; write the export elsewhere" ;;
esac

# A scratch folder for what is made in the full edition before it is
# copied into the export; removed however the script ends.
scratch=$(mktemp -d)
exporting=false
on_exit() {
    local status=$?
    rm -rf "$scratch"
    if [[ $status -ne 0 ]] && $exporting; then
        echo "export-student: the unfinished export is left in $dest to look at; remove it before the next try" >&2
    fi
}
trap on_exit EXIT

# ── Helpers for editing the export's texts ───────────────────────────────

# replace FILE OLD NEW: replaces the one occurrence of OLD in FILE with NEW
# (both literal text, newlines included). Fails when OLD occurs zero times
# or more than once.
replace() {
    python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1:]
with open(path, encoding="utf-8") as f:
    text = f.read()
count = text.count(old)
if count != 1:
    first = old.strip().splitlines()[0] if old.strip() else old
    sys.exit(f"export-student: {path}: expected this text once, found it {count} times "
             f"(did the full edition change?):\n    {first}")
with open(path, "w", encoding="utf-8") as f:
    f.write(text.replace(old, new))
PY
}

# audit: the checks on the exported files that no answer, no link into
# something removed and no command that needs the full edition survived.
# Run before the commit, and again by --check.
audit() {
    python3 - "$source_root" <<'PY' || exit 1
import os, re, subprocess, sys, tomllib

source = sys.argv[1]
problems = []

def exported_text_files():
    """Every file of the export outside target/ and .git/, as text."""
    for folder, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if d not in ("target", ".git")]
        for name in files:
            path = os.path.normpath(os.path.join(folder, name))
            try:
                with open(path, encoding="utf-8") as f:
                    yield path, f.read()
            except UnicodeDecodeError:
                continue  # not text

files = dict(exported_text_files())

# 1. No key: no TOML line `answer = …` or `explanation = …` (the bank's
#    fields; indented Rust such as `    answer = decoder.decode(…)` in the
#    exercise tests is not one), and no explanation of the full edition's
#    bank, quoted anywhere – its first line is enough to give it away.
for path, text in files.items():
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(r"(answer|explanation)\s*=", line):
            problems.append(f"{path}:{number}: a quiz key line: {line.strip()}")
bank = os.path.join(source, "quiz", "questions")
explanations = 0
for name in sorted(os.listdir(bank)):
    if not name.endswith(".toml"):
        continue
    with open(os.path.join(bank, name), "rb") as f:
        for question in tomllib.load(f).get("question", []):
            first = question.get("explanation", "").strip().splitlines()
            if not first or len(first[0]) < 30:
                continue
            explanations += 1
            for path, text in files.items():
                if first[0] in text:
                    problems.append(f"{path}: quotes the explanation of {question['id']}")
if explanations == 0:
    problems.append(f"found no explanations in {bank} to look for (did the bank's format change?)")

# 2. Every relative Markdown link leads to a file or folder of the export,
#    and a #fragment into a Markdown file to one of its headings – the
#    rule of harness/src/verify/links.rs (GitHub's slugs, as course::markdown
#    makes them), which the student edition does not have.
def headings(text):
    slugs, fence = [], False
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or not stripped.startswith("#"):
            continue
        title = stripped.lstrip("#")
        if not title.startswith(" "):
            continue
        base = "".join("-" if c == " " else c for c in title.strip().lower()
                       if c.isalnum() or c in " -_")
        repeats = sum(1 for s in slugs
                      if s == base or (s.startswith(base + "-") and s[len(base) + 1:].isdigit()))
        slugs.append(base if repeats == 0 else f"{base}-{repeats}")
    return slugs

def links(text):
    fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            continue
        line = re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)
        ref = re.match(r"\s*\[[^\]]*\]:\s*(\S+)", line)
        if ref:
            yield number, ref.group(1).strip("<>")
        for target in re.findall(r"\]\(\s*<?([^)\s>]+)", line):
            yield number, target

checked = 0
for path, text in files.items():
    if not path.endswith(".md"):
        continue
    for number, target in links(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        checked += 1
        file_part, _, fragment = target.partition("#")
        destination = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(destination):
            problems.append(f"{path}:{number}: link to {target}: no such file or folder")
        elif fragment and destination.endswith(".md"):
            with open(destination, encoding="utf-8") as f:
                if fragment not in headings(f.read()):
                    problems.append(f"{path}:{number}: link to {target}: no heading #{fragment}")

# 3. Nothing that needs the full edition: the solution packages, the quiz
#    crate, the maintainers' commands. Each exception says why it may stay.
patterns = [r"solutions/", r"quest-solution", r"lesson0\d[-_]solution", r"-p quiz\b",
            r"harness verify", r"snapshots --record", r"export-student", r"\.ci/run"]
allowed = [
    # insta's note of the test that wrote a snapshot; snapshots.lock
    # fingerprints the files, so they stay byte for byte.
    (r"exercises/[^/]+/tests/snapshots/[^/]+\.snap", r"^source: solutions/"),
    # The fingerprints of the snapshots, which the harness reads; its
    # comments are the maintainers' notes on how they are recorded.
    (r"exercises/snapshots\.lock", r"^# "),
    # The grader's and the course library's own code and tests: they know
    # the full edition's layout (Lesson::solution_dir, the hostile fake's
    # decoy path, a submission with a `quest-solution` package beside
    # `quest`, the feature-gated verify command).
    (r"(harness|course)/.*\.rs", r""),
    # Lesson 6 says that the edition handed to a class has no solutions/.
    (r"lessons/06-regression-harness\.md", r"^`solutions/`\)\. What it does"),
]
for path, text in files.items():
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in patterns:
            if re.search(pattern, line) and not any(
                    re.fullmatch(p, path) and re.search(l, line) for p, l in allowed):
                problems.append(f"{path}:{number}: needs the full edition ({pattern}): {line.strip()}")

# 4. What must be gone is gone.
for gone in ["solutions", "quiz/questions", "quiz/src", "quiz/Cargo.toml", "harness/src/verify",
             "harness/tests/common", ".ci", "deploy"]:
    if os.path.exists(gone):
        problems.append(f"{gone}: must not be in the student edition")

if problems:
    print("export-student: the student edition is not clean:", file=sys.stderr)
    for problem in problems:
        print("  " + problem, file=sys.stderr)
    sys.exit(1)
print(f"export-student: audit: {len(files)} files, {checked} relative links, "
      f"{explanations} explanations looked for – no key, no dead link, nothing of the full edition")
PY
}

# ── The export ───────────────────────────────────────────────────────────

if $export_it; then
    if [[ -e $dest && ! -d $dest ]]; then
        die "$dest_arg exists and is not a folder"
    fi
    if [[ -d $dest && -n $(ls -A "$dest") ]]; then
        die "$dest_arg exists and is not empty; give a new or empty folder"
    fi
    started=$SECONDS
    cd "$source_root"

    # 1. The quiz, made by the full edition's quiz crate (which has the
    #    bank): the form to fill in, and the questions as text. quiz.md is
    #    committed, but generating it here makes the two agree by
    #    construction; the generator prints no answers (quiz/src/markdown.rs),
    #    and the audit below proves it.
    say "making the quiz form in the full edition (cargo run -p quiz)"
    cargo run -q --locked -p quiz -- --template >"$scratch/answers.toml" ||
        die "cargo run -p quiz -- --template failed in $source_root"
    cargo run -q --locked -p quiz -- --markdown >"$scratch/quiz.md" ||
        die "cargo run -p quiz -- --markdown failed in $source_root"
    if ! cmp -s "$scratch/quiz.md" quiz/quiz.md; then
        say "note: quiz/quiz.md is out of date in the full edition; the export has a fresh one"
    fi

    # 2. The files git tracks, as they are in the working tree: no target/,
    #    no untracked junk. A tracked file deleted in the working tree is
    #    left out (and named).
    mkdir -p "$dest"
    exporting=true
    : >"$scratch/files"
    while IFS= read -r -d '' path; do
        if [[ -e $path || -L $path ]]; then
            printf '%s\0' "$path" >>"$scratch/files"
        else
            say "note: $path is tracked but deleted in the working tree; left out"
        fi
    done < <(git ls-files -z)
    tar --create --null --files-from="$scratch/files" | tar --extract --directory="$dest"
    changed=$(git status --porcelain --untracked-files=no | cut -c4- | tr '\n' ' ')
    if [[ -n $changed ]]; then
        say "note: exporting the working tree, which differs from HEAD in: $changed"
    fi
    cd "$dest"

    # 3. The answers. solutions/ is the reference of every exercise and of
    #    the quest. The quiz crate holds the bank with the key, a binary
    #    that prints it (--key), and tracing programs built on solutions/;
    #    it is replaced by the questions and the form (step 7).
    rm -rf solutions quiz
    mkdir quiz
    cp "$scratch/quiz.md" "$scratch/answers.toml" quiz/

    # 4. The harness's maintainer side. src/verify/ holds `verify` and the
    #    buggy variants – exact text edits of the reference, that is, most
    #    of its code. The tests that need the feature (`required-features =
    #    ["maintainer"]` in harness/Cargo.toml: verify, variants, progress)
    #    go with their [[test]] entries (step 6), and tests/common/, the
    #    scratch course they build. What the other tests use stays.
    rm -rf harness/src/verify
    maintainer_tests=$(python3 - <<'PY'
import re
with open("harness/Cargo.toml") as f:
    text = f.read()
for block in re.findall(r"(?ms)^\[\[test\]\]\n.*?(?=^\[|\Z)", text):
    if re.search(r'required-features\s*=\s*\[[^\]]*"maintainer"', block):
        print(re.search(r'name\s*=\s*"([^"]+)"', block).group(1))
PY
)
    [[ -n $maintainer_tests ]] || die "harness/Cargo.toml has no test with required-features = [\"maintainer\"]"
    for name in $maintainer_tests; do
        rm -f "harness/tests/$name.rs"
    done
    if grep -lE '^mod common;|harness::verify' harness/tests/*.rs; then
        die "the harness tests above still need tests/common or verify; mark them required-features = [\"maintainer\"]"
    fi
    rm -rf harness/tests/common

    # 5. The maintainers' and instructors' tools. .ci/run is the CI gate
    #    (verify, the variants). deploy/ is the autograder kits, which build
    #    the grader and the quiz key from the full edition; an instructor
    #    copies deploy/classroom/classroom.yml into the template by hand.
    #    Of scripts/: interop.sh, bench.sh and slow-clients.sh (with its
    #    slow-clients.py) run the reference (quest-solution), lib.sh is
    #    their helper, rehearse-gradescope.sh
    #    grades solutions/, and this script needs the whole full edition.
    #    install-tools.sh installs curl, nginx, wrk and ab, which work on a
    #    student's own quest just as well: it stays.
    rm -rf .ci deploy
    rm -f scripts/interop.sh scripts/bench.sh scripts/slow-clients.sh scripts/slow-clients.py \
        scripts/lib.sh scripts/rehearse-gradescope.sh scripts/export-student.sh
    extra=$(find scripts -type f ! -name install-tools.sh)
    [[ -z $extra ]] || die "scripts/ has files the export does not know (keep or drop them here): $extra"
    replace scripts/install-tools.sh \
        "# Installs the real tools the interop and benchmark scripts run the quest
# against: nginx (a reference server), wrk and ab (load generators), curl
# (a reference client), GNU time (peak memory)." \
        "# Installs real tools to try your quest against: nginx (a reference
# server), wrk and ab (load generators), curl (a reference client), GNU
# time (peak memory)."

    # Lesson 5's poll-vs-epoll measurement is an example of the solution
    # crate. It uses only the lesson's public API, so it moves to the
    # student's crate, where it runs once their lesson passes (it compiles
    # on the stubs, and `cargo test -p lesson05` builds it).
    mkdir -p exercises/05-epoll-readiness/examples
    sed 's/lesson05_solution/lesson05/g; s/-p lesson05-solution/-p lesson05/g' \
        "$source_root/solutions/05-epoll-readiness/examples/poll_vs_epoll.rs" \
        >exercises/05-epoll-readiness/examples/poll_vs_epoll.rs
    replace lessons/05-epoll-readiness-model.md \
        "The solution crate contains a measurement you can run:
[\`examples/poll_vs_epoll.rs\`](../solutions/05-epoll-readiness/examples/poll_vs_epoll.rs)." \
        "Your crate has a measurement you can run once the lesson's tests pass:
[\`examples/poll_vs_epoll.rs\`](../exercises/05-epoll-readiness/examples/poll_vs_epoll.rs)."
    replace lessons/05-epoll-readiness-model.md \
        "cargo run --release -p lesson05-solution --example poll_vs_epoll" \
        "cargo run --release -p lesson05 --example poll_vs_epoll"

    # 6. The manifests: the workspace without the removed crates, the
    #    harness without its maintainer feature, cargo's config without
    #    the maintainers' commands.
    python3 - <<'PY'
import re, sys

def fail(message):
    sys.exit(f"export-student: {message}")

def listing(names):
    return "[\n" + "".join(f'    "{name}",\n' for name in names) + "]\n"

with open("Cargo.toml") as f:
    text = f.read()
block = re.search(r"(?ms)^members = \[(.*?)\]\n", text)
if not block:
    fail("Cargo.toml: no `members = [...]`")
members = re.findall(r'"([^"]+)"', block.group(1))
exercises = [m for m in members if m.startswith("exercises/")]
tools = ["quest", "harness", "course"]
removed = [m for m in members if m.startswith("solutions/") or m == "quiz"]
unknown = [m for m in members if m not in exercises + tools + removed]
if len(exercises) != 6 or unknown or any(t not in members for t in tools):
    fail(f"Cargo.toml's members changed (exercises {exercises}, unknown {unknown}); "
         "update the workspace step of scripts/export-student.sh")
# `cargo test` at the root runs the default members. The exercise crates
# and the quest are full of todo!() until the student fills them in; the
# harness's and course's own tests pass on the untouched starter (--check
# runs them).
default = ["harness", "course"]
for pattern, replacement in [
    (r"(?m)(?:^#.*\n)*^members = \[[^\]]*\]\n",
     "# Every crate of the student edition. You edit `exercises/*` and `quest/`;\n"
     "# `harness` and `course` are the course's tools.\n"
     "members = " + listing(exercises + tools)),
    (r"(?m)(?:^#.*\n)*^default-members = \[[^\]]*\]\n",
     "# `cargo test` at the root tests the course's tools. Your lessons are\n"
     "# `cargo test -p lessonNN` (full of `todo!()` until you fill them in), and\n"
     "# `cargo harness progress` runs them all.\n"
     "default-members = " + listing(default)),
]:
    text, count = re.subn(pattern, lambda _: replacement, text)
    if count != 1:
        fail(f"Cargo.toml: expected one match of {pattern!r}, found {count}")
if "[workspace.dependencies]" not in text:
    fail("Cargo.toml: [workspace.dependencies] is missing")
with open("Cargo.toml", "w") as f:
    f.write(text)

with open("harness/Cargo.toml") as f:
    text = f.read()
# The feature stays declared (the code's #[cfg(feature = "maintainer")] is
# then an expected cfg), but off: without src/verify/ it cannot be on.
text, count = re.subn(r"(?m)(?:^#.*\n)*^\[features\]\ndefault = \[\"maintainer\"\]\n",
                      "# `maintainer` is the full edition's verify command, snapshot recording\n"
                      "# and buggy variants of the reference; the student edition has none of\n"
                      "# it (no src/verify/), so the feature is off and cannot be turned on.\n"
                      "[features]\ndefault = []\n", text)
if count != 1:
    fail('harness/Cargo.toml: expected `[features]` then `default = ["maintainer"]` once')
# The [[test]] entries of the maintainers' tests (their files are gone),
# with the comment above the first one.
text, count = re.subn(r'(?ms)(?:^#[^\n]*\n)*^\[\[test\]\]\n(?:(?!^\[).)*?'
                      r'required-features\s*=\s*\[[^\]]*"maintainer"[^\]]*\]\n\n*',
                      "", text)
if count == 0 or "maintainer\"]" in text:
    fail("harness/Cargo.toml: could not remove the [[test]] entries that need the maintainer feature")
with open("harness/Cargo.toml", "w") as f:
    f.write(text)
PY
    replace Cargo.toml \
        '# Command lines: `harness`, `quiz` and the quest'"'"'s `cli.rs` (derive API).' \
        '# Command lines: `harness` and the quest'"'"'s `cli.rs` (derive API).'
    replace .cargo/config.toml \
        '# `cargo harness progress`, `cargo harness verify`, `cargo harness grade`.' \
        '# `cargo harness progress`, `cargo harness grade`.'
    replace .cargo/config.toml \
        "never quietly write a new one for a student to accept. Maintainers who add a
# snapshot run \`INSTA_UPDATE=always cargo test -p lessonNN-solution\` once." \
        "never quietly write a new one for you to accept."

    # 7. The quiz's texts. quiz.md's opening tells how to run the quiz
    #    crate, and every tracing program's source says which binary of the
    #    crate runs it; neither is here. The README is the students' side.
    python3 - <<'PY'
import re, sys
with open("quiz/quiz.md") as f:
    text = f.read()
text, count = re.subn(r"<!-- Generated from quiz/questions/ by .*?-->",
                      "<!-- Generated from the questions of the course's full edition. -->", text, flags=re.S)
if count != 1:
    sys.exit("export-student: quiz/quiz.md: its `Generated from` comment changed")
text, count = re.subn(r"(?s)Take it in the terminal, one question at a time.*?"
                      r"\(\[how the quiz works\]\(README\.md\)\)\.\n",
                      "Answer them in [answers.toml](answers.toml) and hand it in: "
                      "[README.md](README.md) says how.\n", text)
if count != 1:
    sys.exit("export-student: quiz/quiz.md: its opening about `cargo run -p quiz` changed")
text, count = re.subn(r"(?m)^//!\n//! Run it after answering: `cargo run -q -p quiz --bin [\w-]+`\n", "", text)
if count == 0:
    sys.exit("export-student: quiz/quiz.md: no tracing program says `Run it after answering` any more")
with open("quiz/quiz.md", "w") as f:
    f.write(text)
PY
    questions=$(grep -cE '^[a-z0-9-]+ = ' quiz/answers.toml) ||
        die "quiz/answers.toml has no answer lines"
    cat >quiz/README.md <<EOF
# The week's quiz

$questions questions on the why behind the week – what goes on the wire,
what the RFCs require and why, what the kernel reports – in
[quiz.md](quiz.md). Each links to the section of the lesson that teaches it.

1. Read the questions in [quiz.md](quiz.md) (programs included: "what does
   it print?" is answered by reading the code, not by running it).
2. Fill in every answer in [answers.toml](answers.toml), between the quotes.
   The top of the form shows how to write a choice (\`"b"\`), a "choose
   every right answer" (\`["a", "c"]\`) and a short answer (case and extra
   spaces do not matter). Do not rename, delete or add a line: the file
   must stay valid TOML, or it cannot be graded.
3. Commit it, or hand it in the way your instructor asked. Your instructor
   grades it and publishes the answers with their explanations afterwards.

The interactive quiz, which explains every answer as you go, is part of the
full (self-study) edition of the course.
EOF

    # 8. The other texts that point at the full edition.
    #    The README keeps the students' sections; the instructors' and
    #    maintainers' ones go, and Layout is rewritten for what is here. A
    #    section the export does not know stops it: someone must decide
    #    which edition it belongs to.
    python3 - <<'PY'
import re, sys
with open("README.md") as f:
    text = f.read()
sections = re.split(r"(?m)^(?=## )", text)
keep = {"What you will have built", "Who it is for", "The lessons",
        "How you work through a lesson", "The quest"}
drop = {"For instructors", "For maintainers", "Layout"}
out = [sections[0]]
for section in sections[1:]:
    title = section.splitlines()[0][3:].strip()
    if title in keep:
        out.append(section)
    elif title not in drop:
        sys.exit(f"export-student: README.md has a section the export does not know: "
                 f"'## {title}'; add it to `keep` or `drop` in scripts/export-student.sh")
missing = keep - {s.splitlines()[0][3:].strip() for s in sections[1:]}
if missing:
    sys.exit(f"export-student: README.md lost its sections {sorted(missing)}")
note = """> **This is the student edition** of the course: the lessons, the exercises,
> the starter quest, `cargo harness progress` and `cargo harness grade`, and
> the quiz as a form to fill in ([quiz/README.md](quiz/README.md)). The full
> edition – for self-study and for instructors – also has the reference
> solution of every exercise and of the quest, the interactive quiz with its
> answers and explanations, and the maintainers' tools. You do not need it
> to do the week.

"""
layout = """## Layout

```text
Cargo.toml        the workspace: your crates and the course's tools
lessons/          the teaching text, one file per lesson
exercises/NN-*/   one crate per lesson: you edit src/; tests/ and its snapshots are the specification
quest/            the quest: its brief (quest.md) and the starter you fill in
quiz/             the quiz: the questions (quiz.md) and your answers (answers.toml)
harness/          cargo harness progress | grade: your progress, and the quest's grader
course/           what the harness is built on: the lesson table, anchors, the process guard
scripts/          install-tools.sh: curl, nginx, wrk, ab to try your quest against (Debian/Ubuntu, as root)
```
"""
title_end = out[0].index("\n") + 1
out[0] = out[0][:title_end] + "\n" + note + out[0][title_end:].lstrip("\n")
text = "".join(out).rstrip("\n") + "\n\n" + layout
edits = [
    ("cargo test               # the course's own tests (the reference side) all pass",
     "cargo test               # the course tools' own tests (yours: cargo test -p lessonNN)"),
    ("The week ends with a quiz on the why\nbehind it all – taken in the terminal, or handed in as a form that the quiz\ngrades.",
     "The week ends with a quiz on the why\nbehind it all, a form you fill in and hand in ([quiz/](quiz/README.md))."),
    ("| the why behind the week, with an explanation after every answer | `cargo run -q -p quiz` |",
     "| the why behind the week | fill in [quiz/answers.toml](quiz/answers.toml) |"),
    ("See what a finished quest does by running the reference:\n\n```sh\n"
     "cargo run -p quest-solution -- serve      # listening on http://127.0.0.1:8080\n"
     "curl -i http://127.0.0.1:8080/            # in another terminal\n```\n\n",
     "The reference quest is in the full edition; here, every check that fails\n"
     "says what a finished quest answers, and how to see it by hand.\n\n"),
]
for old, new in edits:
    if text.count(old) != 1:
        sys.exit(f"export-student: README.md: expected this text once (did the full edition change?):\n    {old.splitlines()[0]}")
    text = text.replace(old, new)
with open("README.md", "w") as f:
    f.write(text)
PY
    replace quest/quest.md \
        "To see what a finished quest does, run the reference (package
\`quest-solution\`) and talk to it:

\`\`\`sh
cargo run -p quest-solution -- serve            # listening on http://127.0.0.1:8080
curl -i http://127.0.0.1:8080/                  # in a second terminal
\`\`\`
" \
        "The reference quest is in the full edition of the course; here, every
check that fails says what a finished quest answers, and gives a command
that shows the same by hand.
"
    replace lessons/README.md \
        "Take it in the terminal with \`cargo run -q -p quiz\`
(\`--lesson N\` after each lesson is a good habit): every answer is followed
by the explanation and the section to reread." \
        "Answer it in [quiz/answers.toml](../quiz/answers.toml)
and hand it in ([how](../quiz/README.md)); every question links the section
to reread."
    # What `cargo harness --help` says the tool is, and what `cargo harness
    # progress` says once every lesson passes.
    replace harness/src/cli.rs \
        "/// The course's own tool: progress for students, verify for maintainers,
/// grade for instructors." \
        "/// The course's own tool: your progress through the lessons, and the
/// quest's grader."
    replace harness/src/progress/render.rs \
        'then the quiz – `cargo run -q -p quiz` (quiz/quiz.md has it as text).' \
        'then the quiz – quiz/quiz.md, answered in quiz/answers.toml.'

    # 9. Cargo.lock stays – the versions the course was tested with – minus
    #    the packages that left: cargo drops them when it resolves the new
    #    workspace, and keeps every other version.
    cp Cargo.lock "$scratch/Cargo.lock.full"
    cargo metadata --format-version 1 --offline >/dev/null 2>"$scratch/metadata.err" ||
        cargo metadata --format-version 1 >/dev/null 2>"$scratch/metadata.err" ||
        die "cargo metadata fails in the export: $(tail -3 "$scratch/metadata.err")"
    python3 - "$scratch/Cargo.lock.full" <<'PY'
import sys, tomllib
def packages(path):
    with open(path, "rb") as f:
        return {(p["name"], p["version"]) for p in tomllib.load(f)["package"]}
full, student = packages(sys.argv[1]), packages("Cargo.lock")
if student - full:
    sys.exit(f"export-student: Cargo.lock gained or changed versions: {sorted(student - full)}")
gone = sorted(name for name, _ in full - student)
print(f"export-student: Cargo.lock: {len(student)} packages, dropped {', '.join(gone)}")
PY

    # 10. The audit, then a fresh repository with one commit. Nothing of the
    #     user's git configuration decides what goes in: no global ignore
    #     file, no signing, no hooks.
    audit
    git init -q -b main
    git -c core.excludesFile=/dev/null add -A
    git -c user.name="Week 04" -c user.email="week04@example.com" \
        -c commit.gpgsign=false -c core.hooksPath=/dev/null \
        commit -q -m "Week 04 student edition"
    leftover=$(git -c core.excludesFile=/dev/null status --porcelain --ignored)
    [[ -z $leftover ]] || die "files the commit left out: $leftover"
    exporting=false
    say "wrote the student edition to $dest ($(git ls-files | wc -l) files, $((SECONDS - started)) s)"
fi

$check || exit 0

# ── --check: the export builds, and a student's first commands work ───────
#
# Each step prints one line when it starts and one when it is done, and
# exits non-zero with one line saying what failed.

[[ -d $dest/.git && -f $dest/Cargo.toml ]] || die "$dest_arg is not an export (no .git, no Cargo.toml)"
cd "$dest"
# The export builds in its own target/, whatever the caller's environment.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR
check_started=$SECONDS
step_started=$SECONDS
step() {
    step_started=$SECONDS
    echo "export-student --check: $*"
}
ok() { echo "export-student --check:   ok ($((SECONDS - step_started)) s)"; }
fail() {
    echo "export-student --check: FAILED: $*" >&2
    exit 1
}

step "cargo build --workspace --offline --locked"
cargo build -q --workspace --offline --locked 2>"$scratch/build.err" ||
    fail "the student edition does not build: $(grep -m1 -E '^error' "$scratch/build.err" || tail -1 "$scratch/build.err")"
ok

step "cargo test (the default members: harness, course) passes on the untouched starter"
cargo test -q --offline --locked >"$scratch/test.out" 2>&1 ||
    fail "cargo test fails in the student edition: $(grep -m1 -E '^test .* FAILED|^error' "$scratch/test.out" || tail -1 "$scratch/test.out")"
ok

step "cargo test -p lesson01 --no-run (a student's first command compiles)"
cargo test -q -p lesson01 --no-run --offline --locked 2>"$scratch/l01.err" ||
    fail "cargo test -p lesson01 does not compile: $(grep -m1 '^error' "$scratch/l01.err" || tail -1 "$scratch/l01.err")"
cargo build -q -p lesson05 --examples --offline --locked 2>"$scratch/l05.err" ||
    fail "lesson 5's example poll_vs_epoll does not compile: $(grep -m1 '^error' "$scratch/l05.err" || tail -1 "$scratch/l05.err")"
ok

# The table of harness/src/progress/render.rs: a title, a header, one row
# per lesson – `  NN Title<padded to 32> passed/total   snapshots status` –
# and the next step. Untouched, every lesson is `0/N   intact   not started`.
step "cargo harness progress shows every lesson at 0 passed"
progress=$(cargo harness progress 2>"$scratch/progress.err") ||
    fail "cargo harness progress exits non-zero: $(tail -1 "$scratch/progress.err")"
printf '%s\n' "$progress" | sed 's/^/    /'
python3 - "$progress" <<'PY' || exit 1
import re, sys
out = sys.argv[1]
lines = out.splitlines()
def fail(message):
    sys.exit(f"export-student --check: FAILED: cargo harness progress: {message}")
if not lines or not lines[0].endswith("· your progress"):
    fail("no title line `… · your progress`")
rows = [re.fullmatch(r"  (\d\d) (.+?) +(\d+)/(\d+)   (\S+) +(.+)", line) for line in lines]
rows = [row for row in rows if row]
numbers = [row.group(1) for row in rows]
if numbers != ["01", "02", "03", "04", "05", "06"]:
    fail(f"expected a tested row for each of lessons 01–06, found {numbers or 'none'} "
         "(a lesson that does not compile or has files missing shows `–`)")
for number, title, passed, total, snapshots, status in (row.groups() for row in rows):
    if passed != "0" or int(total) == 0:
        fail(f"lesson {number} shows {passed}/{total}, expected 0 of some tests")
    if snapshots != "intact" or status != "not started":
        fail(f"lesson {number} shows `{snapshots} {status}`, expected `intact not started`")
if not re.search(r"(?m)^Next: lesson 01 – ", out):
    fail("the next step is not lesson 01")
print(f"export-student --check:   6 lessons, 0 of {sum(int(r.group(4)) for r in rows)} tests passing")
PY
ok

step "cargo harness grade --list"
list=$(cargo harness grade --list 2>"$scratch/list.err") ||
    fail "cargo harness grade --list exits non-zero: $(tail -1 "$scratch/list.err")"
summary=$(tail -1 <<<"$list")
[[ $summary =~ ^([0-9]+)\ checks,\ ([0-9]+)\ points$ && ${BASH_REMATCH[1]} -gt 0 ]] ||
    fail "cargo harness grade --list does not end in \`N checks, M points\`: $summary"
points=${BASH_REMATCH[2]}
echo "export-student --check:   $summary"
ok

step "cargo harness grade (the untouched starter scores 0/$points)"
grade=$(cargo harness grade 2>"$scratch/grade.err") ||
    fail "cargo harness grade exits non-zero: $(tail -1 "$scratch/grade.err")"
score=$(tail -1 <<<"$grade")
[[ $score == "score: 0/$points" ]] || fail "the untouched starter should score 0/$points, it got: $score"
echo "export-student --check:   $score"
ok

step "no maintainer command: cargo harness verify is refused"
if cargo harness verify >/dev/null 2>&1; then
    fail "cargo harness verify ran: the harness was built with its maintainer feature"
fi
ok

step "no key, no dead link, nothing of the full edition (audit), and the builds changed nothing tracked"
audit
dirty=$(git status --porcelain)
[[ -z $dirty ]] || fail "the builds changed the committed tree (Cargo.lock out of date?): $dirty"
ok

echo "export-student --check: the student edition in $dest works ($((SECONDS - check_started)) s)"
