//! Signing in and out. The session (bearer token and account) is kept on the
//! device so the guide starts signed in. Every change of role starts the pull over
//! (SYNC.md): what a professional may see arrives after signing in, and is removed
//! from the device when signing out.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wijkgids_core::sync::holder;
use wijkgids_core::vocab::AccountRole;
use wijkgids_core::wire::{Account, Session, SignIn};

use crate::api::{self, ApiError};
use crate::components::browser::now;
use crate::guide::{Guide, SyncStatus};
use crate::store::StoreError;

/// Where the session is kept on the device.
pub const SESSION_KEY: &str = "wijkgids.session";
/// How often the app checks whether the session has expired while it is open.
const EXPIRY_CHECK: std::time::Duration = std::time::Duration::from_secs(15);

thread_local! {
    /// An ended session is being left (see [`Auth::ended`]).
    static ENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Who is signed in on this device, provided as context by [`provide_auth`].
#[derive(Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
}

/// Why signing in did not work, to tell the person in their language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInError {
    /// Unknown e-mail address or wrong password (the server does not say which).
    Refused,
    /// The right password, but the account request waits for a coordinator.
    Pending,
    /// A coordinator turned the request down, for this reason.
    Rejected(String),
    /// A coordinator blocked the account.
    Blocked,
    /// Too many failed attempts: wait a while.
    TooMany,
    /// No connection to the server.
    Offline,
    /// The device's store failed while switching roles.
    Storage,
}

/// The session kept on the device, unless it has expired by the device's clock.
fn stored() -> Option<Session> {
    LocalStorage::get::<Session>(SESSION_KEY)
        .ok()
        .filter(|session| holder::in_force(session, now()))
}

/// The account of the session in force on the device (`None`: signed out, or
/// the kept session has expired).
pub fn current_account() -> Option<uuid::Uuid> {
    holder::current_account(stored().as_ref(), now())
}

/// Removes a kept session that has expired (its account's name and e-mail
/// address included), once the device has left that account.
pub fn forget_expired() {
    if LocalStorage::get::<Session>(SESSION_KEY).is_ok() && stored().is_none() {
        LocalStorage::delete(SESSION_KEY);
    }
}

/// The account of the session kept on the device, expired or not: the owner of
/// the outbox on a device from before outbox entries had one.
pub fn stored_account() -> Option<uuid::Uuid> {
    LocalStorage::get::<Session>(SESSION_KEY)
        .ok()
        .map(|session| session.account.id)
}

/// The token for the sync engine's first requests.
pub fn stored_token() -> Option<String> {
    stored().map(|session| session.token)
}

/// Reads the kept session; forgets it when the server says it has ended.
pub fn provide_auth(guide: Guide) -> Auth {
    let auth = Auth {
        session: RwSignal::new(stored()),
    };
    provide_context(auth);
    Effect::new(move |_| {
        if guide.status() == SyncStatus::SessionEnded && auth.session.get_untracked().is_some() {
            auth.ended(guide);
        }
    });
    // A session that expires while the app is open ends as one the server ended,
    // offline too, where no server can say so.
    set_interval(
        move || {
            let expired = auth.session.with_untracked(|session| {
                session
                    .as_ref()
                    .is_some_and(|session| !holder::in_force(session, now()))
            });
            if expired {
                auth.ended(guide);
            }
        },
        EXPIRY_CHECK,
    );
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// The session's bearer token, for calls outside sync (not tracked).
    pub fn token(self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// The signed-in account (tracked).
    pub fn account(self) -> Option<Account> {
        self.session.with(|s| s.as_ref().map(|s| s.account.clone()))
    }

    /// The signed-in role; `None` when anonymous (tracked).
    pub fn role(self) -> Option<AccountRole> {
        self.session.with(|s| s.as_ref().map(|s| s.account.role))
    }

    /// Signs in, then pulls the guide again as the new role.
    pub async fn sign_in(
        self,
        guide: Guide,
        email: &str,
        password: &str,
    ) -> Result<(), SignInError> {
        let details = SignIn {
            email: email.trim().to_string(),
            password: password.to_string(),
        };
        let session = api::sign_in(&details).await.map_err(|err| match err {
            // After a right password, the server says why the account cannot sign in.
            ApiError::Status {
                status: 403,
                answer: Some(answer),
            } => match answer.code.as_str() {
                "account_pending" => SignInError::Pending,
                "account_rejected" => SignInError::Rejected(answer.message),
                // `forbidden` only for a blocked account.
                "forbidden" => SignInError::Blocked,
                _ => SignInError::Refused,
            },
            ApiError::Status {
                status: 401 | 403 | 422 | 400,
                ..
            } => SignInError::Refused,
            ApiError::Status { status: 429, .. } => SignInError::TooMany,
            _ => SignInError::Offline,
        })?;
        self.start(guide, session)
            .await
            .map_err(|_| SignInError::Storage)
    }

    /// Goes on signed in with `session`, started elsewhere than the sign-in form
    /// (a new password set with a reset link), pulling the guide again as its role.
    pub async fn start(self, guide: Guide, session: Session) -> Result<(), StoreError> {
        crate::pwa::persist_storage();
        self.switch(guide, Some(session), false).await
    }

    /// Signs out: ends the session on the server when it can be reached, and
    /// removes from the device what only the signed-in role could see. Unsent edits
    /// stay on the device for this account's next sign-in, unless the person chose
    /// `discard_unsent`.
    pub async fn sign_out(self, guide: Guide, discard_unsent: bool) -> Result<(), StoreError> {
        if let Some(token) = self.session.get_untracked().map(|s| s.token) {
            // Offline, the session simply expires on the server.
            let _ = api::sign_out(&token).await;
        }
        self.switch(guide, None, discard_unsent).await
    }

    /// The session has ended (the server said so, or it expired): signed out, and
    /// what only its role could see leaves the device. Unsent edits stay: they are
    /// the person's work, sent after signing in again. Once at a time.
    fn ended(self, guide: Guide) {
        if ENDING.with(|ending| ending.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async move {
            let _ = self.switch(guide, None, false).await;
            ENDING.with(|ending| ending.set(false));
        });
    }

    async fn switch(
        self,
        guide: Guide,
        session: Option<Session>,
        discard_unsent: bool,
    ) -> Result<(), StoreError> {
        let token = session.as_ref().map(|s| s.token.clone());
        let account = session.as_ref().map(|s| s.account.id);
        // Signing out is shown (and kept over a reload) only once the device's
        // outbox has left with the account, so a reload in between cannot cut the
        // person's choice off; a new session is kept first, for the same reason.
        if session.is_some() {
            self.keep(session.clone());
        }
        let switched = crate::sync::change_role(guide, token, account, discard_unsent).await;
        if session.is_none() && switched.is_ok() {
            self.keep(None);
            // What was ticked about a patient leaves too (the practice's name stays).
            crate::refer_visit::forget();
        }
        switched
    }

    /// Remembers `session` on the device and shows it.
    fn keep(self, session: Option<Session>) {
        match &session {
            Some(session) => {
                let _ = LocalStorage::set(SESSION_KEY, session);
            }
            None => LocalStorage::delete(SESSION_KEY),
        }
        self.session.set(session);
    }
}
