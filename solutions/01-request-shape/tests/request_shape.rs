extern crate lesson01_solution as lesson01;
include!("../../../exercises/01-request-shape/tests/request_shape.rs");
