#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# The zip (make-zip.sh) unpacks to /autograder/source: this script, the
# assignment's run_autograder, and the course under course/.
#
# It installs a Rust toolchain for everyone (in /usr/local, so that the
# unprivileged user the graded program runs as can use it too), builds the
# grader and the quiz from the instructor's copy of the course, fetches
# every dependency so that grading needs no network, and closes the course
# to other users: the graded program runs as `nobody` and must not read the
# reference solutions.
set -euo pipefail

export RUSTUP_HOME=/usr/local/rustup
export CARGO_HOME=/usr/local/cargo
export PATH=$CARGO_HOME/bin:$PATH
course=${AUTOGRADER_ROOT:-/autograder}/source/course

apt-get update
apt-get install -y --no-install-recommends build-essential ca-certificates curl pkg-config

if ! command -v cargo >/dev/null; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
        sh -s -- -y --no-modify-path --profile minimal --default-toolchain stable
fi
chmod -R a+rX "$RUSTUP_HOME" "$CARGO_HOME"

cd "$course"
cargo fetch --locked
cargo build --release --locked -p harness -p quiz
# The registry cache must stay readable: the submission's build uses it.
chmod -R a+rX "$CARGO_HOME"
# The course (with solutions/ and the quiz key) is root's alone.
chmod -R go-rwx "${AUTOGRADER_ROOT:-/autograder}/source"
