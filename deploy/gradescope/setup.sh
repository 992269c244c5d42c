#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# The zip (make-zip.sh) unpacks into /autograder/source: this script, the
# assignment's run_autograder, and the full edition of the course under
# course/.
#
# It installs a Rust toolchain for every user (rustup in /usr/local,
# readable by all: run_autograder builds each submission as `nobody`),
# builds the grader and the quiz from the instructor's copy of the course,
# fetches and unpacks every crate a submission needs so that grading needs
# no network, and closes the course to every other user: the graded program
# and its build run as `nobody` and must not read the reference solutions
# or the quiz key.
set -euo pipefail

# (A rehearsal may choose other folders for the toolchain, and stand in a
# temporary folder for /autograder; Gradescope sets none of these.)
export RUSTUP_HOME=${RUSTUP_HOME:-/usr/local/rustup}
export CARGO_HOME=${CARGO_HOME:-/usr/local/cargo}
export PATH=$CARGO_HOME/bin:$PATH
source_dir=${AUTOGRADER_ROOT:-/autograder}/source
course=$source_dir/course

# No questions from apt: nobody answers them while the image builds.
export DEBIAN_FRONTEND=noninteractive
apt-get update
# build-essential: the linker (cc) rustc calls; pkg-config for build
# scripts that look for system libraries; curl and certificates for rustup.
apt-get install -y --no-install-recommends build-essential ca-certificates curl pkg-config

# The system-wide toolchain, not whichever cargo happens to be on PATH:
# run_autograder and the unprivileged build look for it here.
if [[ ! -x $CARGO_HOME/bin/cargo ]]; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs |
        sh -s -- -y --no-modify-path --profile minimal --default-toolchain stable
fi

cd "$course"
cargo fetch --locked
# The grader and the quiz. And the starter quest (`-p quest`): nothing of
# it is used, but building it unpacks every crate a submission compiles,
# which `cargo fetch` only downloads.
cargo build --release --locked -p harness -p quiz -p quest

# Every user may run the toolchain and read the crate cache; only root may
# change them.
chmod -R a+rX,go-w "$RUSTUP_HOME" "$CARGO_HOME"
# The course (solutions/, the quiz key) is root's alone. Nothing in it is
# for the unprivileged user: the toolchain lives in /usr/local, and the
# harness copies the submission and the binary it grades elsewhere.
chmod -R go-rwx "$source_dir"
