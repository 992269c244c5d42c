extern crate lesson04_solution as lesson04;
include!("../../../exercises/04-dns-multiple-targets/tests/connect.rs");
