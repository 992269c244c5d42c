//! Server checks with a root folder: files, methods, bodies, limits and the defences (smuggling, traversal).

use crate::check::Check;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[];
