//! Rate limits per client address (governor's GCRA): sign-in attempts, and rejected API
//! bearer tokens. The account lockout (`liaison_app::auth`) stays: it guards one account
//! against many addresses; these guard the service against one address trying many accounts
//! or tokens. Time comes from the application's clock, so tests move it.

use governor::clock::Clock as GovernorClock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use liaison_app::app::{App, RateLimit};
use liaison_domain::clock::Clock;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;

/// What an address is trying: each has its own allowance.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Door {
    /// `POST /sign-in` (email and password).
    SignIn,
    /// `POST /sign-in/totp` (the second-factor code).
    Totp,
    /// The current password or a code given again on the account page (changing the
    /// password, turning the second factor off).
    Reauth,
    /// A bearer token `/api/v1/` refused.
    ApiToken,
    /// `POST /join`, the public application to join the network.
    Join,
}

/// governor's clock, read from the application's `Clock`.
#[derive(Clone)]
pub struct AppClock(Arc<dyn Clock>);

impl GovernorClock for AppClock {
    type Instant = Nanos;
    fn now(&self) -> Nanos {
        let since = self.0.now() - OffsetDateTime::UNIX_EPOCH;
        Nanos::from(u64::try_from(since.whole_nanoseconds()).unwrap_or(0))
    }
}

type Key = (Door, IpAddr);
type Limiter = RateLimiter<Key, HashMapStateStore<Key>, AppClock, NoOpMiddleware<Nanos>>;

/// Refused: try again in this many seconds (at least 1), the `Retry-After` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub u64);

pub struct Limits {
    clock: AppClock,
    sign_in: Limiter,
    api: Limiter,
    join: Limiter,
    /// Addresses whose rejected tokens ran out of allowance, and until when: their tokens are
    /// refused before being looked up, so a right guess is no use while refused.
    api_refused: Mutex<HashMap<IpAddr, Nanos>>,
    checks: AtomicU64,
}

fn quota(l: RateLimit) -> Quota {
    let per_minute = NonZeroU32::new(l.per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(l.burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

/// The key of a client address: an IPv6 client usually holds a whole /64, so its /64 is one
/// client; an IPv4 address (IPv4-mapped ones too) is one client.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The peer address as `Ctx::ip` and `Actor::ip` hold it (empty when there is no connection,
/// as for requests handed to the router in-process).
pub fn parse_ip(ip: &str) -> IpAddr {
    ip.parse()
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

impl Limits {
    pub fn new(app: &App) -> Limits {
        let clock = AppClock(app.clock.clone());
        Limits {
            sign_in: RateLimiter::new(
                quota(app.config.sign_in_limit),
                HashMapStateStore::default(),
                clock.clone(),
            ),
            api: RateLimiter::new(
                quota(app.config.api_auth_failure_limit),
                HashMapStateStore::default(),
                clock.clone(),
            ),
            // Three applications at once from an address, then one every 20 minutes: a team
            // applies once; more is a script.
            join: RateLimiter::new(
                Quota::with_period(std::time::Duration::from_secs(1200))
                    .unwrap_or_else(|| Quota::per_hour(NonZeroU32::MIN))
                    .allow_burst(NonZeroU32::new(3).unwrap_or(NonZeroU32::MIN)),
                HashMapStateStore::default(),
                clock.clone(),
            ),
            clock,
            api_refused: Mutex::default(),
            checks: AtomicU64::new(0),
        }
    }

    fn limiter(&self, door: Door) -> &Limiter {
        match door {
            Door::SignIn | Door::Totp | Door::Reauth => &self.sign_in,
            Door::ApiToken => &self.api,
            Door::Join => &self.join,
        }
    }

    /// Spend one attempt of `door` from `ip`; refused when none is left.
    pub fn attempt(&self, door: Door, ip: IpAddr) -> Result<(), RetryAfter> {
        self.tidy();
        let now = self.clock.now();
        let r = self
            .limiter(door)
            .check_key(&(door, client_key(ip)))
            .map_err(|not_until| retry_after(not_until.wait_time_from(now)));
        if let Err(wait) = r {
            tracing::warn!(?door, %ip, retry_after = wait.0, "rate limited");
        }
        r
    }

    /// Is `ip` refused API tokens now (after too many rejected ones)?
    pub fn api_refused(&self, ip: IpAddr) -> Result<(), RetryAfter> {
        let now = self.clock.now();
        let refused = self.api_refused.lock().unwrap_or_else(|e| e.into_inner());
        match refused.get(&client_key(ip)) {
            Some(until) if *until > now => Err(retry_after(until.saturating_sub(now).into())),
            _ => Ok(()),
        }
    }

    /// A token from `ip` was rejected: spend one of its allowance, and when none is left,
    /// refuse its tokens until there is one again.
    pub fn api_rejected(&self, ip: IpAddr) -> Result<(), RetryAfter> {
        let r = self.attempt(Door::ApiToken, ip);
        if let Err(RetryAfter(secs)) = r {
            let until = self.clock.now() + Nanos::from(secs.saturating_mul(1_000_000_000));
            let mut refused = self.api_refused.lock().unwrap_or_else(|e| e.into_inner());
            refused.insert(client_key(ip), until);
        }
        r
    }

    /// Forget addresses whose allowance is full again, now and then.
    fn tidy(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 != 1023 {
            return;
        }
        self.sign_in.retain_recent();
        self.api.retain_recent();
        self.join.retain_recent();
        let now = self.clock.now();
        let mut refused = self.api_refused.lock().unwrap_or_else(|e| e.into_inner());
        refused.retain(|_, until| *until > now);
    }
}

fn retry_after(wait: std::time::Duration) -> RetryAfter {
    // Whole seconds, rounded up: a client that waits this long is let in.
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    RetryAfter(secs.max(1))
}
