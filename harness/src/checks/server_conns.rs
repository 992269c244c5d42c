//! Server checks about connections: keep-alive, pipelining, concurrency, stalled and vanishing clients, timeouts, shutdown.

use crate::check::Check;

/// The checks of this module, in report order.
pub const CHECKS: &[Check] = &[];
