//! From a host name to the addresses to try, in order (lesson 4).
//!
//! `--resolve HOST:PORT:ADDR[,ADDR...]` arguments become overrides in a
//! [`StaticResolver`] in front of the [`SystemResolver`] (`getaddrinfo(3)`
//! through lesson 4's `AddrInfoList`), exactly as curl's option works: the
//! connection goes to the given addresses, but the URL – and so the `Host`
//! field – still names HOST:PORT.
//!
//! Why the lookup is not on the event loop: `getaddrinfo` blocks, and a
//! single-threaded client cannot make it non-blocking. It runs once per
//! origin, when the origin's first URL starts. For numeric addresses,
//! `localhost` and `--resolve` it answers at once; a slow DNS server would
//! delay the other origins' progress by its answer time (the lesson's
//! "Going further" moves it to a thread).

use std::net::SocketAddr;

use lesson04::{
    Resolve, ResolveArgError, StaticResolver, SystemResolver, order_addresses, parse_resolve_arg,
};

use super::error::{ErrorKind, FetchError};

/// The resolver the client uses: the `--resolve` overrides, in order (a later
/// one for the same HOST:PORT wins), in front of getaddrinfo.
///
/// # Errors
///
/// The first `--resolve` argument that does not parse (the command line
/// parser already refuses those, so this is a second line of defence).
pub fn resolver(args: &[String]) -> Result<StaticResolver<SystemResolver>, ResolveArgError> {
    let mut resolver = StaticResolver::new(SystemResolver);
    for arg in args {
        resolver.add(parse_resolve_arg(arg)?);
    }
    Ok(resolver)
}

/// The addresses to try for `host` and `port`, in the order to try them:
/// the resolver's answer interleaved by family (RFC 8305 §4,
/// `order_addresses`). A `--resolve` list of one family keeps its order;
/// a mixed one is interleaved like any other answer.
///
/// # Errors
///
/// [`ErrorKind::Resolve`] with the resolver's message, e.g. `could not
/// resolve host "nowhere.invalid": Name or service not known`.
pub fn addresses(
    resolver: &impl Resolve,
    host: &str,
    port: u16,
) -> Result<Vec<SocketAddr>, FetchError> {
    let found = resolver
        .resolve(host, port)
        .map_err(|e| FetchError::new(ErrorKind::Resolve, e.to_string()))?;
    Ok(order_addresses(&found))
}
