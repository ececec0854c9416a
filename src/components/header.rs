//! The top of every screen: the name, the sync status (announced to screen readers)
//! and the main navigation. Plain links: inside the guide the router follows them
//! without a page load.
//!
//! Within reach anywhere on a page: it sticks to the top, slides away while
//! the person scrolls down (a phone at large text keeps its screen for the
//! content) and comes back as soon as they scroll up, at the top, and while the
//! focus is in it (see [`keep_within_reach`]).

use leptos::prelude::*;

use crate::components::sync_line::Retry;
use crate::guide::SyncStatus;
use crate::i18n::{I18n, Text, hhmm, use_i18n};
use wijkgids_core::schedule::TIME_ZONE;
use wijkgids_core::vocab::Lang;

#[component]
pub fn Header(
    /// The sync status line.
    #[prop(into)]
    status: Signal<String>,
    /// What of the sync status a screen reader should hear (see [`spoken_sync`]);
    /// nothing on the first screen, which does not sync.
    #[prop(optional, into)]
    spoken: Signal<Option<String>>,
    /// The current path, to mark the menu item of the current screen.
    #[prop(into)]
    path: Signal<String>,
    /// The signed-in role's name; `None` when anonymous.
    #[prop(into)]
    role: Signal<Option<&'static str>>,
    /// Menu items of the signed-in role's tools.
    #[prop(optional, into)]
    tools: Signal<Vec<(&'static str, Text)>>,
    /// "Opnieuw proberen" beside the status line while offline (see
    /// `components::sync_line`); none on the first screen, which does not sync.
    #[prop(optional)]
    retry: Option<Retry>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A try that brought the guide up to date takes its button away: the focus
    // it had goes to the status line (which says so), not to the page's start.
    let status_line = NodeRef::<leptos::html::Span>::new();
    let retry_pressed = StoredValue::new(false);
    Effect::watch(
        move || retry.is_some_and(|r| r.shown.get()),
        move |shown, _, _| {
            if !*shown && retry_pressed.get_value() {
                retry_pressed.set_value(false);
                if crate::components::browser::focus_lost()
                    && let Some(line) = status_line.get_untracked()
                {
                    let _ = line.focus();
                }
            }
        },
        false,
    );
    // On a phone, and at large text, the menu folds away behind one button so the
    // screen starts with its content; it folds again when a screen is chosen.
    let open = RwSignal::new(false);
    Effect::watch(move || path.get(), move |_, _, _| open.set(false), false);
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let header = NodeRef::<leptos::html::Header>::new();
    let away = keep_within_reach(header, open);
    // Escape folds an open menu and gives the focus back to its button.
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    let link = move |href: &'static str, text: Text| {
        let current = move || (path.get() == href).then_some("page");
        view! { <li><a href=href aria-current=current>{i18n.t(text)}</a></li> }
    };
    let account = move || match role.get() {
        Some(_) => link("/account", Text::NavAccount),
        None => link("/inloggen", Text::NavSignIn),
    };
    view! {
        // The router would only scroll to `#main`; the skip link moves the focus
        // there, so the next Tab goes on in the content.
        <a class="skip" href="#main" on:click=|ev| {
            ev.prevent_default();
            crate::components::page_change::focus_main();
            if let Some(main) = crate::components::browser::element("#main") {
                main.scroll_into_view();
            }
        }>{i18n.t(Text::SkipToContent)}</a>
        <header class="top" class:away=move || away.get() class:menu-open=move || open.get()
            node_ref=header on:keydown=close_on_escape>
            <div class="top-row">
                <a href="/" class="brand">{i18n.t(Text::AppName)}</a>
                {move || role.get().map(|role| view! {
                    <span class="role" data-testid="role">{role}</span>
                })}
                <span class="top-tools">
                    <LanguageSwitch/>
                    <button type="button" class="menu-button" data-testid="menu-button" node_ref=menu_button
                        aria-controls="main-menu" aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        {i18n.t(Text::Menu)}
                    </button>
                </span>
            </div>
            // Seen always; heard only when it matters (see `spoken_sync`).
            <p class="sync">
                <span data-testid="sync-status" tabindex="-1" node_ref=status_line>{move || status.get()}</span>
                {move || retry.filter(|r| r.shown.get()).map(|Retry { run, trying, .. }| view! {
                    " "
                    <button type="button" class="sync-retry" data-testid="sync-retry"
                        aria-disabled=move || trying.get().to_string()
                        on:click=move |_| {
                            if !trying.get_untracked() {
                                retry_pressed.set_value(true);
                                run.run(());
                            }
                        }>
                        {move || i18n.t(if trying.get() { Text::SyncRetrying } else { Text::SyncRetry })}
                    </button>
                })}
            </p>
            <p class="visually-hidden" role="status" data-testid="sync-announced">
                {move || spoken.get()}
            </p>
            <nav id="main-menu" aria-label=i18n.t(Text::MainMenu) class:open=move || open.get()>
                <ul class="nav">
                    {link("/zoeken", Text::NavSearch)}
                    {link("/agenda", Text::NavAgenda)}
                    {link("/favorieten", Text::NavFavourites)}
                    {move || tools.get().into_iter().map(|(href, text)| link(href, text)).collect_view()}
                    {link("/instellingen", Text::NavSettings)}
                    {account}
                </ul>
            </nav>
        </header>
    }
}

/// Whether the header is away: set while the person scrolls down past it,
/// cleared as soon as they scroll up (by more than a jitter of the finger), near
/// the top and while the menu is open. The focus in it brings it back too (CSS
/// `:focus-within`). Walkthrough: far down a long import report, a phone user
/// had to scroll all the way up to reach the language switch.
///
/// The header's height is kept in `--top-height`, the page's
/// `scroll-padding-top`: what the focus or a link scrolls to (a new screen's
/// heading, the skip link's target) lands under it, never behind it.
fn keep_within_reach(
    header: NodeRef<leptos::html::Header>,
    open: RwSignal<bool>,
) -> RwSignal<bool> {
    /// How far a scroll must go to count: a finger resting on the glass moves.
    const JITTER: f64 = 8.0;
    let away = RwSignal::new(false);
    // Where the last decision was made.
    let anchor = StoredValue::new(window().scroll_y().unwrap_or(0.0));
    let height = StoredValue::new(0);
    let measure = move || {
        let Some(top) = header.get_untracked() else {
            return 0.0;
        };
        // The folded header's height: an open menu is not what stays on top.
        let h = top.offset_height();
        if !open.get_untracked() && h != height.get_value() {
            height.set_value(h);
            set_root_property("--top-height", &format!("{h}px"));
        }
        f64::from(height.get_value())
    };
    let scrolled = move || {
        let y = window().scroll_y().unwrap_or(0.0);
        let tall = measure();
        let from = anchor.get_value();
        if y <= tall || open.get_untracked() {
            away.set(false);
            anchor.set_value(y);
        } else if y - from > JITTER {
            away.set(true);
            anchor.set_value(y);
        } else if from - y > JITTER {
            away.set(false);
            anchor.set_value(y);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| scrolled());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        measure();
    });
    request_animation_frame(move || {
        measure();
    });
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    away
}

/// `document.documentElement.style.setProperty(name, value)`, through
/// `Reflect` to need no more web-sys features (the CSP allows styles set from
/// a script, not inline in the page).
fn set_root_property(name: &str, value: &str) {
    let Some(root) = document().document_element() else {
        return;
    };
    let Some(style) = js_sys::Reflect::get(&root, &"style".into()).ok() else {
        return;
    };
    if let Some(set) = js_sys::Reflect::get(&style, &"setProperty".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok())
    {
        let _ = set.call2(&style, &name.into(), &value.into());
    }
}

/// The other language, named in itself ("English" on a Dutch page), on every
/// screen: a person who cannot read this one still finds their own.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = match i18n.lang() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };
    view! {
        // The whole app is drawn again in the new language: the focus goes to the
        // new switch, where it was, and the page stays where it was scrolled to
        // (walkthrough: with a long import report open the page went back to
        // the top, the report out of sight).
        <button type="button" class="lang-switch" id="lang-switch" data-testid="lang-switch" lang=other.code()
            on:click=move |_| {
                let y = window().scroll_y().unwrap_or(0.0);
                i18n.set_lang(other);
                request_animation_frame(move || {
                    window().scroll_to_with_x_and_y(0.0, y);
                    if let Some(switch) = crate::components::browser::element("#lang-switch") {
                        crate::components::browser::focus_without_scrolling(&switch);
                    }
                });
            }>
            {other.native_name()}
        </button>
    }
}

/// What a screen reader hears of the sync status: being offline (with the changes
/// not sent yet), a sign-in that ended, a storage problem. Routine background
/// syncs ("0 binnen", "bijgewerkt om ...") and an edit on its way while online are
/// not worth interrupting someone for.
pub fn spoken_sync(i18n: I18n, status: &SyncStatus) -> Option<String> {
    match status {
        SyncStatus::Offline { .. } | SyncStatus::SessionEnded | SyncStatus::Failed { .. } => {
            Some(sync_text(i18n, status))
        }
        SyncStatus::Opening | SyncStatus::Syncing { .. } | SyncStatus::UpToDate { .. } => None,
    }
}

/// The status line: offline / syncing n of m / up to date at hh:mm / k waiting.
pub fn sync_text(i18n: I18n, status: &SyncStatus) -> String {
    let with_waiting = |text: String, waiting: usize| {
        if waiting == 0 {
            text
        } else {
            let waiting = match waiting {
                1 => i18n.t(Text::StatusWaitingOne).to_string(),
                n => i18n.fill(Text::StatusWaiting, &[&n]),
            };
            format!("{text} · {waiting}")
        }
    };
    match status {
        SyncStatus::Opening => i18n.t(Text::StatusOpening).to_string(),
        SyncStatus::Offline { waiting } => {
            with_waiting(i18n.t(Text::StatusOffline).to_string(), *waiting)
        }
        SyncStatus::Syncing {
            done,
            total: Some(total),
        } => i18n.fill(Text::StatusSyncing, &[done, total]),
        // A first sync of a large guide takes seconds: how far it is, as it goes.
        SyncStatus::Syncing { done, total: None } if *done > 0 => {
            i18n.fill(Text::StatusSyncingReceived, &[done])
        }
        SyncStatus::Syncing { total: None, .. } => i18n.t(Text::StatusSyncingUnknown).to_string(),
        SyncStatus::UpToDate { at, waiting } => {
            let at = hhmm(at.with_timezone(&TIME_ZONE));
            with_waiting(i18n.fill(Text::StatusUpToDate, &[&at]), *waiting)
        }
        SyncStatus::SessionEnded => i18n.t(Text::StatusSessionEnded).to_string(),
        SyncStatus::Failed { message } => i18n.fill(Text::StatusFailed, &[message]),
    }
}
