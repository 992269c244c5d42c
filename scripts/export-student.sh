#!/usr/bin/env bash
# Writes the student edition of the course: the repository a class gets.
#
#   bash scripts/export-student.sh DIR           # write it (DIR must be new or empty)
#   bash scripts/export-student.sh --check DIR   # write it, then prove it builds and works
#
# This repository is the full edition – for self-study and for instructors –
# and it holds the answers: solutions/ (every exercise and the whole
# reference quest), the quiz's key (`answer =` and `explanation =` in
# quiz/questions/), and the grader's buggy variants of the reference
# (harness/src/verify/). The student edition keeps the lessons, the
# exercises, the starter quest and the harness's student side (`cargo
# harness progress`, `cargo harness grade`), and turns the quiz into a form
# to fill in. It is a fresh git repository, ready to be a GitHub Classroom
# template. The source repository is never modified.
set -euo pipefail

check=false
if [[ ${1:-} == --check ]]; then
    check=true
    shift
fi
if [[ $# -ne 1 ]]; then
    echo "usage: bash scripts/export-student.sh [--check] DIR" >&2
    exit 2
fi
die() {
    echo "export-student: $*" >&2
    exit 1
}

source_root=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
if [[ -e $dest && -n $(ls -A "$dest") ]]; then
    die "$dest exists and is not empty"
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# 1. The files git tracks: no target/, no local junk.
cd "$source_root"
git ls-files -z | tar --create --null --files-from=- | tar --extract --directory="$dest"
# The quiz form comes from the full edition's quiz, which has the bank.
cargo run -q --locked -p quiz -- --template >"$dest/quiz/answers.toml"

cd "$dest"

# 2. The answers, the maintainers' gate and the tools that need the reference.
rm -rf solutions .ci
rm -rf harness/src/verify harness/tests/verify.rs harness/tests/variants.rs \
    harness/tests/progress.rs harness/tests/common
# interop.sh and bench.sh run the reference against nginx and curl;
# install-tools.sh and lib.sh serve only them.
rm -f scripts/interop.sh scripts/bench.sh scripts/install-tools.sh scripts/lib.sh \
    scripts/export-student.sh scripts/rehearse-gradescope.sh
rmdir scripts 2>/dev/null || true

# Lesson 5's poll-vs-epoll measurement lives in the solution crate; in the
# student edition it moves to the student's own crate, where it runs once
# their lesson passes.
mkdir -p exercises/05-epoll-readiness/examples
sed 's/lesson05_solution/lesson05/g; s/-p lesson05-solution/-p lesson05/g' \
    "$source_root/solutions/05-epoll-readiness/examples/poll_vs_epoll.rs" \
    >exercises/05-epoll-readiness/examples/poll_vs_epoll.rs
sed -i 's|The solution crate contains a measurement you can run:|Your crate contains a measurement you can run once the lesson passes:|;
        s|\.\./solutions/05-epoll-readiness/examples/|../exercises/05-epoll-readiness/examples/|;
        s|-p lesson05-solution --example|-p lesson05 --example|' \
    lessons/05-epoll-readiness-model.md

# 3. The quiz: the questions to read and the form to fill in, no key.
find quiz -mindepth 1 -maxdepth 1 ! -name quiz.md ! -name answers.toml -exec rm -rf {} +
cat >quiz/README.md <<'EOF'
# The week's quiz

43 questions on the why behind the week, in [quiz.md](quiz.md), each with
a link to the section of the lesson that teaches it.

1. Read the questions in [quiz.md](quiz.md).
2. Fill in every answer in [answers.toml](answers.toml), between the quotes
   (the form says how a choice, a "choose every right answer" and a short
   answer are written). Do not rename or delete a line.
3. Hand in `answers.toml` the way your instructor asked (with your
   repository, or uploaded alone). Your instructor grades it and tells you
   when the answers and their explanations are published.

The interactive quiz, which explains each answer as you go, is in the full
(self-study) edition of the course.
EOF

# 4. The workspace without the removed crates, and the harness without its
#    maintainer feature (verify, snapshots --record, the variants).
python3 - <<'EOF'
import re

with open("Cargo.toml") as f:
    text = f.read()
exercises = sorted(re.findall(r'"(exercises/[^"]+)"', text))
members = exercises + ["quest", "harness", "course"]
def listing(names):
    return "[\n" + "".join(f'    "{n}",\n' for n in names) + "]"
text = re.sub(r"members = \[.*?\]", "members = " + listing(members), text, count=1, flags=re.S)
# `cargo test` at the root: the tools, which pass on the untouched starter.
# (`cargo test -p lessonNN` runs a lesson's tests; `cargo harness progress`
# all of them.)
text = re.sub(r"# `cargo test` at the root tests.*?\ndefault-members = \[.*?\]",
              "# `cargo test` at the root tests the course's tools; your lessons are\n"
              "# `cargo test -p lessonNN`, and `cargo harness progress` shows them all.\n"
              "default-members = " + listing(["harness", "course"]),
              text, count=1, flags=re.S)
text = text.replace("# Every crate of the course. The student edits `exercises/*` and `quest/`;\n"
                    "# everything else is the reference side that `cargo test` checks.\n",
                    "# Every crate of the course's student edition. You edit `exercises/*`\n"
                    "# and `quest/`.\n")
with open("Cargo.toml", "w") as f:
    f.write(text)

with open("harness/Cargo.toml") as f:
    text = f.read()
text = text.replace('default = ["maintainer"]', "default = []")
# The maintainers' tests are gone, and so are their [[test]] entries.
text = re.sub(r'# The maintainers\' tests:.*?(?=\n\[dev-dependencies\])', "", text, flags=re.S)
with open("harness/Cargo.toml", "w") as f:
    f.write(text)

# 5. The README for students: the note on top, no instructor or maintainer
#    sections.
with open("README.md") as f:
    text = f.read()
sections = re.split(r"(?m)^(?=## )", text)
keep = [s for s in sections
        if not s.startswith("## For instructors") and not s.startswith("## For maintainers")
        and not s.startswith("## Layout")]
note = ("> **Student edition.** This repository has the lessons, the exercises, the\n"
        "> starter quest, `cargo harness progress` and `cargo harness grade`, and the\n"
        "> quiz as a form to fill in ([quiz/](quiz/README.md)). The reference\n"
        "> solutions and the quiz's answers are in the instructors' full edition.\n\n")
title_end = keep[0].find("\n") + 1
keep[0] = keep[0][:title_end] + "\n" + note + keep[0][title_end:].lstrip("\n")
with open("README.md", "w") as f:
    f.write("".join(keep))

# quiz.md's opening tells how to run the quiz crate, which is not here.
with open("quiz/quiz.md") as f:
    text = f.read()
text = re.sub(r"Take it in the terminal.*?grades it \(\[how the quiz works\]\(README\.md\)\)\.\n",
              "Answer in [answers.toml](answers.toml) and hand it in ([how](README.md)).\n",
              text, count=1, flags=re.S)
with open("quiz/quiz.md", "w") as f:
    f.write(text)
EOF

# 6. Every relative Markdown link must lead somewhere in the export.
python3 - <<'EOF'
import os, re, sys
broken = []
for folder, dirs, files in os.walk("."):
    dirs[:] = [d for d in dirs if d not in ("target", ".git")]
    for name in files:
        if not name.endswith(".md"):
            continue
        path = os.path.join(folder, name)
        with open(path) as f:
            text = f.read()
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            file_part = target.split("#")[0]
            if not os.path.exists(os.path.join(folder, file_part)):
                broken.append(f"{path}: {target}")
if broken:
    print("export-student: links that lead nowhere in the student edition:", file=sys.stderr)
    for line in broken:
        print("  " + line, file=sys.stderr)
    sys.exit(1)
EOF

# 7. No answer may have slipped through.
if grep -rIl --exclude-dir=target --exclude-dir=.git -E '^(answer|explanation) *=' . | grep .; then
    die "the files above still hold quiz answers"
fi
for gone in solutions harness/src/verify quiz/questions quiz/src; do
    [[ ! -e $gone ]] || die "$gone should not be in the student edition"
done

# 8. A fresh repository, ready to push as a template.
git init -q
git add -A
git -c user.name="Week 04" -c user.email="week04@example.org" commit -qm "Week 04 student edition"
echo "export-student: wrote the student edition to $dest"

if ! $check; then
    exit 0
fi

# --check: the export builds, and a student's first commands work in it.
step() { printf 'export-student --check: %s\n' "$*"; }
step "cargo build --workspace"
cargo build -q --workspace --offline || die "the student edition does not build"
step "cargo test (the tools)"
cargo test -q --offline >/dev/null || die "cargo test fails in the student edition"
step "cargo harness progress"
progress=$(cargo harness progress) || die "cargo harness progress failed"
printf '%s\n' "$progress"
# Every lesson of the untouched edition has 0 tests passing.
zero=$(grep -cE '^ *[0-9]+ .* 0/[0-9]+ ' <<<"$progress" || true)
if [[ $zero -ne 6 ]]; then
    die "progress should show 0/N passing for all six lessons, found $zero such lines"
fi
step "cargo harness grade --list"
cargo harness grade --list | tail -1 | grep -q '^49 checks, 118 points$' ||
    die "grade --list does not list the 49 checks"
if cargo harness verify >/dev/null 2>&1; then
    die "verify (a maintainer command) should not exist in the student edition"
fi
step "ok"
