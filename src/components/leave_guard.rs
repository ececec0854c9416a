//! A warning before leaving a form with unsaved changes. Reloading or closing the
//! page gets the browser's own question (`beforeunload`); a link in the app (the
//! header, the menu) or the back button gets ours, in the person's language, in a
//! modal `<dialog>` (focus inside, Escape stays).
//!
//! leptos_router 0.8 has no guard before a route changes, so two listeners on the
//! window come first: a capture-phase `click` stops a link before the router's own
//! listener sees it, and a `popstate` listener puts the form's address back before
//! the router reads it. Chromium calls a window's `popstate` listeners in the order
//! they were added, capture or not, so [`install`] runs before the router mounts
//! (in `app.rs`). They ask the form that is open now, if any.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::i18n::{Text, use_i18n};

/// The open form's side of the guard.
struct Guard {
    /// Tells one form's guard from the next one's (a new form may open before the
    /// old one is cleaned up).
    id: u64,
    dirty: Box<dyn Fn() -> bool>,
    /// Asks whether to leave for this address.
    ask: Box<dyn Fn(String)>,
    /// The form's own address, to go back to when the back button is pressed.
    here: String,
}

thread_local! {
    static GUARD: RefCell<Option<Rc<Guard>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// The guard of the form open now, when it has unsaved changes.
fn armed() -> Option<Rc<Guard>> {
    GUARD
        .with(|g| g.borrow().clone())
        .filter(|guard| (guard.dirty)())
}

fn disarm(id: u64) {
    GUARD.with(|g| {
        let mut guard = g.borrow_mut();
        if guard.as_ref().is_some_and(|g| g.id == id) {
            *guard = None;
        }
    });
}

fn path_of(href: &str) -> String {
    let full = href.split('#').next().unwrap_or(href);
    let origin = window().location().origin().unwrap_or_default();
    full.strip_prefix(&origin).unwrap_or(full).to_owned()
}

/// The address of the page now, without origin and fragment.
fn current() -> String {
    path_of(&window().location().href().unwrap_or_default())
}

/// The link a click is on, when it leads to another page of this app (not a part
/// of this page, another site, a new tab or a download).
fn app_link(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.meta_key()
        || event.ctrl_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let link = target.closest("a[href]").ok()??;
    if !link.get_attribute("target").unwrap_or_default().is_empty()
        || link.has_attribute("download")
    {
        return None;
    }
    let href = js_sys::Reflect::get(&link, &"href".into())
        .ok()?
        .as_string()?;
    let origin = window().location().origin().ok()?;
    let same_site = href.starts_with(&format!("{origin}/")) || href == origin;
    (same_site && path_of(&href) != current()).then(|| path_of(&href))
}

fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    capture: bool,
    handler: impl Fn(web_sys::Event) + 'static,
) {
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(handler).into_js_value();
    let _ =
        target.add_event_listener_with_callback_and_bool(event, handler.unchecked_ref(), capture);
}

/// The window's listeners, once for the app; before the router adds its own.
pub fn install() {
    if INSTALLED.with(|i| i.replace(true)) {
        return;
    }
    let target: web_sys::EventTarget = window().into();
    listen(&target, "beforeunload", false, |event| {
        if armed().is_some() {
            event.prevent_default();
            // Older browsers ask only when a return value is set.
            let _ = js_sys::Reflect::set(&event, &"returnValue".into(), &"1".into());
        }
    });
    listen(&target, "click", true, |event| {
        let Some(guard) = armed() else { return };
        let Some(to) = event.dyn_ref::<web_sys::MouseEvent>().and_then(app_link) else {
            return;
        };
        event.prevent_default();
        event.stop_propagation();
        (guard.ask)(to);
    });
    listen(&target, "popstate", true, |event| {
        let Some(guard) = armed() else { return };
        let to = current();
        if to == guard.here {
            return;
        }
        // The browser already went back; the form's address goes back on top, and
        // the router never hears of it.
        event.stop_immediate_propagation();
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&guard.here));
        }
        (guard.ask)(to);
    });
}

fn dialog_call(id: &str, method: &str) {
    let Some(dialog) = document().get_element_by_id(id) else {
        return;
    };
    if let Ok(call) = js_sys::Reflect::get(&dialog, &method.into())
        && let Some(call) = call.dyn_ref::<js_sys::Function>()
    {
        let _ = call.call0(&dialog);
    }
}

/// Guards the screen it is on while `dirty` says there are unsaved changes.
#[component]
pub fn LeaveGuard(dirty: impl Fn() -> bool + 'static) -> impl IntoView {
    const DIALOG: &str = "leave-dialog";
    let i18n = use_i18n();
    let navigate = use_navigate();
    install();
    let id = NEXT_ID.with(|n| {
        let id = n.get() + 1;
        n.set(id);
        id
    });
    // Where the person wanted to go.
    let to = StoredValue::new(String::new());
    GUARD.with(|g| {
        *g.borrow_mut() = Some(Rc::new(Guard {
            id,
            dirty: Box::new(dirty),
            ask: Box::new(move |href| {
                to.set_value(href);
                dialog_call(DIALOG, "showModal");
            }),
            here: current(),
        }))
    });
    on_cleanup(move || disarm(id));
    let leave = move |_| {
        dialog_call(DIALOG, "close");
        disarm(id);
        navigate(&to.get_value(), Default::default());
    };
    view! {
        <dialog id=DIALOG class="dialog" aria-labelledby="leave-title" aria-describedby="leave-text"
            data-testid="leave-dialog">
            <h2 id="leave-title">{i18n.t(Text::LeaveTitle)}</h2>
            <p id="leave-text">{i18n.t(Text::LeaveText)}</p>
            <div class="actions">
                <button type="button" class="button" autofocus data-testid="leave-stay"
                    on:click=move |_| dialog_call(DIALOG, "close")>
                    {i18n.t(Text::LeaveStay)}
                </button>
                <button type="button" class="button button-secondary" data-testid="leave-go" on:click=leave>
                    {i18n.t(Text::LeaveGo)}
                </button>
            </div>
        </dialog>
    }
}
