//! Favourites: offering ids kept on this device (localStorage), and the button that
//! adds or removes one.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{Text, use_i18n};

const FAVOURITES_KEY: &str = "wijkgids.favourites";

/// The device's favourites, newest first, written through to localStorage.
#[derive(Clone, Copy)]
pub struct Favourites {
    ids: RwSignal<Vec<Uuid>>,
}

pub fn provide_favourites() -> Favourites {
    let ids = LocalStorage::get::<Vec<Uuid>>(FAVOURITES_KEY).unwrap_or_default();
    let favourites = Favourites {
        ids: RwSignal::new(ids),
    };
    provide_context(favourites);
    favourites
}

pub fn use_favourites() -> Favourites {
    expect_context::<Favourites>()
}

impl Favourites {
    pub fn ids(self) -> Vec<Uuid> {
        self.ids.get()
    }

    pub fn contains(self, id: Uuid) -> bool {
        self.ids.with(|ids| ids.contains(&id))
    }

    pub fn toggle(self, id: Uuid) {
        self.ids.update(|ids| {
            if let Some(at) = ids.iter().position(|i| *i == id) {
                ids.remove(at);
            } else {
                ids.insert(0, id);
            }
            let _ = LocalStorage::set(FAVOURITES_KEY, &*ids);
        });
    }
}

/// Adds the offering to the favourites or takes it out; says which it will do.
#[component]
pub fn FavouriteButton(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let favourites = use_favourites();
    let chosen = move || favourites.contains(id);
    // What the tap did, said (the button's new name alone is not announced).
    let said = RwSignal::new(None::<Text>);
    view! {
        <button type="button" class="button" data-testid="favourite"
            on:click=move |_| {
                favourites.toggle(id);
                said.set(Some(if chosen() { Text::FavouriteAdded } else { Text::FavouriteRemoved }));
            }>
            <span aria-hidden="true" class="star">{move || if chosen() { "★" } else { "☆" }}</span>
            {move || i18n.t(if chosen() { Text::FavouriteRemove } else { Text::FavouriteAdd })}
        </button>
        <span class="visually-hidden" role="status" data-testid="favourite-said">
            {move || said.get().map(|t| i18n.t(t))}
        </span>
    }
}
