//! Client checks about connections: reuse, reconnects, retries, address fallback, concurrency across hosts, timeouts.

use crate::check::Check;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[];
