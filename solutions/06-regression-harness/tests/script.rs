extern crate lesson06_solution as lesson06;
include!("../../../exercises/06-regression-harness/tests/script.rs");
