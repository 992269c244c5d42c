//! GIVEN: the week 03 way – a `poll(2)` reactor, for comparison.
//!
//! It speaks the same language as [`crate::Epoll`] ([`Token`], [`Interest`],
//! [`Event`]) so that the lesson can swap one for the other, but inside it
//! works like every `poll()` loop: the reactor keeps its own list of
//! registrations, and on *every* [`PollReactor::wait`] it
//!
//! 1. builds a fresh `Vec<pollfd>` with one entry per registration,
//! 2. hands the whole array to the kernel, which checks every descriptor,
//! 3. scans the whole array for the entries whose `revents` are not 0.
//!
//! All three steps cost time proportional to the number of *watched*
//! descriptors, even when only one of them is ready. That is what
//! `epoll_wait` avoids. Edge-triggered interest does not exist for `poll()`;
//! `Interest::edge` is ignored here.

use std::io;
use std::os::fd::RawFd;
use std::time::Duration;

use crate::epoll::{Event, Interest, Token, timeout_to_millis};

/// A `poll(2)`-based reactor. It does not own the descriptors: the caller
/// keeps them open while they are registered.
#[derive(Debug, Default)]
pub struct PollReactor {
    registrations: Vec<(RawFd, Token, Interest)>,
}

impl PollReactor {
    /// An empty reactor.
    pub fn new() -> PollReactor {
        PollReactor::default()
    }

    /// Watches `fd`; a second registration of the same `fd` replaces the
    /// first.
    pub fn register(&mut self, fd: RawFd, token: Token, interest: Interest) {
        self.deregister(fd);
        self.registrations.push((fd, token, interest));
    }

    /// Stops watching `fd`.
    pub fn deregister(&mut self, fd: RawFd) {
        self.registrations.retain(|(watched, _, _)| *watched != fd);
    }

    /// How many descriptors are watched.
    pub fn len(&self) -> usize {
        self.registrations.len()
    }

    /// `true` when nothing is watched.
    pub fn is_empty(&self) -> bool {
        self.registrations.is_empty()
    }

    /// Waits like [`crate::Epoll::wait`] does, with `poll(2)`.
    ///
    /// # Errors
    ///
    /// What `poll(2)` reports, except `EINTR`, which is zero events.
    pub fn wait(&self, events: &mut Vec<Event>, timeout: Option<Duration>) -> io::Result<usize> {
        events.clear();
        // Step 1: the whole list, every time.
        let mut fds: Vec<libc::pollfd> = self
            .registrations
            .iter()
            .map(|&(fd, _, interest)| {
                let mut wanted = 0;
                if interest.readable {
                    wanted |= libc::POLLIN | libc::POLLRDHUP;
                }
                if interest.writable {
                    wanted |= libc::POLLOUT;
                }
                libc::pollfd {
                    fd,
                    events: wanted,
                    revents: 0,
                }
            })
            .collect();
        // Step 2. SAFETY: `fds` is a valid, writable array of `fds.len()`
        // pollfd structs, and the kernel writes only their `revents`.
        let rc = unsafe {
            libc::poll(
                fds.as_mut_ptr(),
                fds.len() as libc::nfds_t,
                timeout_to_millis(timeout),
            )
        };
        if rc < 0 {
            let err = io::Error::last_os_error();
            if err.kind() == io::ErrorKind::Interrupted {
                return Ok(0);
            }
            return Err(err);
        }
        // Step 3: scan every entry to find the few that are ready.
        for (pfd, &(_, token, _)) in fds.iter().zip(&self.registrations) {
            let r = pfd.revents;
            if r == 0 {
                continue;
            }
            events.push(Event {
                token,
                readable: r & libc::POLLIN != 0,
                writable: r & libc::POLLOUT != 0,
                hangup: r & (libc::POLLHUP | libc::POLLRDHUP) != 0,
                error: r & (libc::POLLERR | libc::POLLNVAL) != 0,
            });
        }
        Ok(events.len())
    }
}
