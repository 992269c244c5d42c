extern crate lesson03_solution as lesson03;
include!("../../../exercises/03-keep-alive/tests/persistence.rs");
