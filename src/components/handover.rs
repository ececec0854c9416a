//! A message one screen leaves for the next one it leads to ("Opgeslagen: ...",
//! "Goedgekeurd: ..."), taken once by that screen. Kept in memory only: a reload
//! in between drops it, as it should (the news is old by then).

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// One waiting message per kind (its type).
    static LEFT: RefCell<HashMap<TypeId, Box<dyn Any>>> = RefCell::new(HashMap::new());
}

/// Leaves `message` for the screen that takes a `T` next (replacing one left before).
pub fn leave<T: 'static>(message: T) {
    LEFT.with(|left| {
        left.borrow_mut()
            .insert(TypeId::of::<T>(), Box::new(message))
    });
}

/// Takes the `T` left for this screen, if any.
pub fn take<T: 'static>() -> Option<T> {
    LEFT.with(|left| left.borrow_mut().remove(&TypeId::of::<T>()))
        .and_then(|message| message.downcast::<T>().ok())
        .map(|message| *message)
}
