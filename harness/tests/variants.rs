//! Proving the grader: each deliberately buggy variant of the reference
//! (`harness::variants::VARIANTS`) is built from a private copy of the
//! workspace and graded on the whole catalogue; it must fail exactly the
//! checks it names – a bug the grader misses, or a check that fails for an
//! unrelated reason, are both reported.
//!
//! Slow (a build and a full grade per variant), so it is ignored by a plain
//! `cargo test`; CI runs it:
//!
//! ```text
//! cargo test -p harness --test variants -- --ignored --nocapture
//! ```

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use harness::checks::catalogue;
use harness::grade;
use harness::variants::{Tree, VARIANTS};

#[test]
#[ignore = "slow: builds and grades every buggy variant; CI runs it with --ignored"]
fn every_buggy_variant_fails_exactly_the_checks_it_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the harness sits in the workspace");
    let tree = Tree::copy_of(root, &root.join("target/variants")).expect("copy the workspace");
    let checks = catalogue();
    let all: Vec<_> = checks.iter().collect();
    let mut problems = Vec::new();
    for variant in VARIANTS {
        let quest = match tree.apply(variant).and_then(|()| tree.build()) {
            Ok(quest) => quest,
            Err(err) => {
                problems.push(format!("{}: {err}", variant.name));
                continue;
            }
        };
        let options = grade::Options {
            timeout: Duration::from_secs(10),
            ..grade::Options::new(quest)
        };
        let report = grade::run(&all, &options, |_| {}).expect("the variant can be graded");
        let failed: BTreeSet<&str> = report
            .checks
            .iter()
            .filter(|c| !c.passed)
            .map(|c| c.id.as_str())
            .collect();
        let expected: BTreeSet<&str> = variant.loses.iter().copied().collect();
        println!(
            "{:<28} {}/{} in {:.1} s, fails: {}",
            variant.name,
            report.score,
            report.max_score,
            report.seconds,
            failed.iter().copied().collect::<Vec<_>>().join(" ")
        );
        for missed in expected.difference(&failed) {
            problems.push(format!(
                "{} ({}): {missed} passed – the grader misses this bug",
                variant.name, variant.bug
            ));
        }
        for extra in failed.difference(&expected) {
            let reason = report
                .checks
                .iter()
                .find(|c| c.id == *extra)
                .and_then(|c| c.reason.as_deref())
                .unwrap_or("no reason");
            problems.push(format!(
                "{} ({}): {extra} failed but is not named: {}",
                variant.name,
                variant.bug,
                reason.lines().next().unwrap_or_default()
            ));
        }
    }
    tree.apply(&harness::variants::Variant {
        name: "reference",
        bug: "none",
        edits: &[],
        loses: &[],
    })
    .expect("restore the copy");
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    assert!(
        VARIANTS.len() >= 8,
        "at least 8 variants prove the grader, there are {}",
        VARIANTS.len()
    );
}
