//! Whose attempt it is: the network address the limits count under. Behind a
//! reverse proxy (TLS, which every deployment needs) every connection comes from
//! the proxy, so the client's address is taken from the header the proxy adds,
//! but only when the connection comes from a proxy named with `--trusted-proxy`:
//! from anyone else that header is whatever they wish.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::request::Parts;
use ipnet::IpNet;

use crate::AppState;
use crate::api::ApiError;

/// Which header a trusted proxy writes the client's address into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProxyHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, Caddy, Traefik, HAProxy).
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client`.
    Forwarded,
}

/// The proxies whose word is taken, and the header they write.
#[derive(Debug, Clone)]
pub struct Proxies {
    pub trusted: Vec<IpNet>,
    pub header: ProxyHeader,
}

impl Default for Proxies {
    fn default() -> Self {
        Proxies {
            trusted: Vec::new(),
            header: ProxyHeader::XForwardedFor,
        }
    }
}

/// An address or a network (`10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`).
pub fn parse_network(text: &str) -> Result<IpNet, String> {
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("not an address or network: {text}"))
}

impl Proxies {
    fn trusts(&self, address: IpAddr) -> bool {
        let address = unmapped(address);
        self.trusted.iter().any(|net| net.contains(&address))
    }

    /// The client's address for a connection from `peer` with `headers`: the
    /// nearest address in the chain that no trusted proxy has, when `peer` is
    /// trusted; `peer` otherwise, or when the chain holds nothing readable.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let chain: Vec<Option<IpAddr>> = match self.header {
            ProxyHeader::XForwardedFor => values(headers, "x-forwarded-for")
                .map(|hop| parse_hop(hop.trim()))
                .collect(),
            ProxyHeader::Forwarded => values(headers, "forwarded")
                .map(|element| {
                    element
                        .split(';')
                        .find_map(|pair| {
                            let (key, value) = pair.trim().split_once('=')?;
                            key.eq_ignore_ascii_case("for").then_some(value)
                        })
                        .and_then(|value| parse_hop(value.trim().trim_matches('"')))
                })
                .collect(),
        };
        for hop in chain.iter().rev() {
            match hop {
                Some(address) if self.trusts(*address) => continue,
                Some(address) => return unmapped(*address),
                // Written by someone the proxies do not vouch for.
                None => return peer,
            }
        }
        // Only proxies: the farthest is the client.
        chain.first().copied().flatten().unwrap_or(peer)
    }
}

/// The comma-separated entries of every `name` header, in order.
fn values<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = &'a str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    hop.parse()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

fn unmapped(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The address a request's attempts are counted under; see the module docs.
pub struct ClientAddress(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ConnectInfo(peer) = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .copied()
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "no peer address",
                )
            })?;
        Ok(ClientAddress(
            state.proxies.client(peer.ip(), &parts.headers),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(header: ProxyHeader) -> Proxies {
        Proxies {
            trusted: vec![
                parse_network("127.0.0.1").unwrap(),
                parse_network("10.0.0.0/8").unwrap(),
            ],
            header,
        }
    }

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let p = proxies(ProxyHeader::XForwardedFor);
        let forged = headers("x-forwarded-for", "203.0.113.9");
        assert_eq!(p.client(ip("198.51.100.1"), &forged), ip("198.51.100.1"));
        assert_eq!(p.client(ip("127.0.0.1"), &forged), ip("203.0.113.9"));
        assert_eq!(p.client(ip("::ffff:127.0.0.1"), &forged), ip("203.0.113.9"));
        assert_eq!(
            p.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client_whatever_came_before() {
        let p = proxies(ProxyHeader::XForwardedFor);
        // The client wrote the first entry itself; the proxy appended the real one.
        let chain = headers("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.1.1");
        assert_eq!(p.client(ip("127.0.0.1"), &chain), ip("203.0.113.9"));
        let garbage = headers("x-forwarded-for", "1.2.3.4, nonsense");
        assert_eq!(p.client(ip("127.0.0.1"), &garbage), ip("127.0.0.1"));
    }

    #[test]
    fn forwarded_is_read_with_ports_quotes_and_ipv6() {
        let p = proxies(ProxyHeader::Forwarded);
        let value = "for=192.0.2.60;proto=http, For=\"[2001:db8:cafe::17]:4711\"";
        assert_eq!(
            p.client(ip("127.0.0.1"), &headers("forwarded", value)),
            ip("2001:db8:cafe::17")
        );
        let xff = headers("x-forwarded-for", "203.0.113.9");
        assert_eq!(
            p.client(ip("127.0.0.1"), &xff),
            ip("127.0.0.1"),
            "the other header"
        );
        assert_eq!(parse_hop("192.0.2.1:80"), Some(ip("192.0.2.1")));
        assert!(parse_network("nonsense").is_err());
    }
}
