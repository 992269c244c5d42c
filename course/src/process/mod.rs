//! Running programs that cannot outstay their welcome.
//!
//! The harness runs students' programs – `quest serve`, `quest get`, the
//! exercises' test binaries – and the quiz runs its tracing programs. Any
//! of them may hang, crash, or start children of their own. Two tools,
//! one built on the other:
//!
//! * [`Guard`]: a program in its own process group, its output drained on
//!   threads, killed with its whole group when the guard is dropped; with
//!   [`Guard::wait_for_listening`] for servers that announce their port;
//! * [`run_with_deadline`]: a guard used start to finish – run a command to
//!   its end, or kill it at the deadline, and hand back what it printed;
//! * [`adopt_orphans`] and [`kill_orphans`]: for what escaped a guard's
//!   process group (`setsid`, a double fork).

mod deadline;
mod guard;
mod orphans;

pub use deadline::{Finished, run_with_deadline};
pub use guard::{Exit, Guard, LISTENING_PREFIX, Reaper, StartError, parse_listening_line};
pub use orphans::{adopt_orphans, kill_orphans};
