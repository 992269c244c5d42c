extern crate lesson05_solution as lesson05;
include!("../../../exercises/05-epoll-readiness/tests/epoll.rs");
