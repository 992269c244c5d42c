extern crate lesson02_solution as lesson02;
include!("../../../exercises/02-headers-content-length/tests/body_length.rs");
