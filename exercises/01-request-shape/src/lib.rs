//! probe
pub fn double(x: u32) -> u32 { todo!("lesson 01: double {x:?}") }
