//! A miniature course for testing the harness: one lesson with a stub, a
//! solution and two tests, written into a temporary folder.

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use harness::cargo::workspace::Workspace;
use harness::snapshots;
use harness::verify::{self, Findings, Options};

/// A miniature course in a temporary folder, removed on drop.
pub struct MiniCourse {
    pub root: PathBuf,
}

impl MiniCourse {
    /// A consistent course: every test fails on the stub and passes on the solution.
    pub fn new(name: &str) -> Self {
        let root =
            std::env::temp_dir().join(format!("harness-verify-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let course = MiniCourse { root };
        course.write(
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"exercises/01-request-shape\", \"solutions/01-request-shape\"]\n",
        );
        course.write(
            "exercises/01-request-shape/Cargo.toml",
            "[package]\nname = \"lesson01\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[lib]\ndoctest = false\n",
        );
        course.write(
            "exercises/01-request-shape/src/lib.rs",
            "pub fn answer() -> u32 { todo!(\"lesson 01: answer\") }\n\
             pub fn double(x: u32) -> u32 { todo!(\"lesson 01: double {x:?}\") }\n",
        );
        course.write(
            "exercises/01-request-shape/tests/basics.rs",
            "use lesson01::*;\n\
             #[test] fn answer_is_42() { assert_eq!(answer(), 42); }\n\
             #[test] fn double_doubles() { assert_eq!(double(2), 4); }\n",
        );
        course.write(
            "exercises/01-request-shape/tests/snapshots/basics__answer.snap",
            "---\nsource: exercises/01-request-shape/tests/basics.rs\n---\n42\n",
        );
        course.write(
            "solutions/01-request-shape/Cargo.toml",
            "[package]\nname = \"lesson01-solution\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
             [lib]\nname = \"lesson01_solution\"\n",
        );
        course.write(
            "solutions/01-request-shape/src/lib.rs",
            "pub fn answer() -> u32 { 42 }\npub fn double(x: u32) -> u32 { x * 2 }\n",
        );
        course.write(
            "solutions/01-request-shape/tests/basics.rs",
            "extern crate lesson01_solution as lesson01;\n\
             include!(\"../../../exercises/01-request-shape/tests/basics.rs\");\n",
        );
        course.write(
            "lessons/01-http-request-shape.md",
            "# Lesson 01\n## The exercise\nSee [the stubs](../exercises/01-request-shape/src/lib.rs).\n",
        );
        course.write(
            "README.md",
            "Start with [lesson 1](lessons/01-http-request-shape.md#the-exercise).\n",
        );
        snapshots::record(&course.root).expect("record the manifest");
        course
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root.join(path);
        fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        fs::write(path, text).expect("write a fixture file");
    }

    #[allow(dead_code)] // not every test file verifies
    pub fn verify(&self) -> Findings {
        let options = Options {
            lessons: Vec::new(),
            quest: false,
            quest_only: false,
            quiz: false,
            quiz_only: false,
            limit: Duration::from_secs(60),
            // Shown when a test fails (the test harness captures stdout).
            echo: |line| print!("{line}"),
        };
        verify::run(&self.workspace(), &options).expect("verify runs")
    }
}

impl Drop for MiniCourse {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

impl MiniCourse {
    /// The course as a workspace the harness can work on.
    pub fn workspace(&self) -> Workspace {
        Workspace::at(&self.root)
    }
}
