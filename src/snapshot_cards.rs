//! Reading the guide's snapshot's cards from the store, chunk by chunk, as the
//! screens ask for them (`Guide::card`), and knowing when the first ones are
//! there: a reopen reads the device's records only after the screen has its
//! cards, since reading 50,000 records would keep the cards' small reads waiting
//! behind it (IndexedDB answers them in turn) and block the page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::guide::{Guide, ReadCards};
use crate::store::Store;

/// The chunk reads of one opening.
#[derive(Default)]
pub struct CardReads {
    /// Chunks asked for and not yet being read.
    asked: RefCell<Vec<usize>>,
    /// Reads under way.
    reading: Cell<usize>,
    /// Who waits until no read is under way ([`CardReads::settled`]).
    waiting: RefCell<Vec<js_sys::Function>>,
}

impl CardReads {
    /// Reads the chunks the guide asks for from the snapshot made at `mark`: the
    /// chunks asked for while one screen is drawn are read together, in one
    /// transaction, after it.
    pub fn reader(self: &Rc<Self>, store: Store, guide: Guide, mark: String) -> ReadCards {
        let reads = Rc::clone(self);
        Rc::new(move |chunk| {
            let first = reads.asked.borrow().is_empty();
            reads.asked.borrow_mut().push(chunk);
            if !first {
                return;
            }
            reads.reading.set(reads.reading.get() + 1);
            let (reads, store, mark) = (Rc::clone(&reads), store.clone(), mark.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let chunks = std::mem::take(&mut *reads.asked.borrow_mut());
                // Not read (the snapshot was replaced meanwhile): the records,
                // read next, bring the cards.
                if let Ok(Some(read)) = store.snapshot_cards(&mark, &chunks).await {
                    let cards = read
                        .iter()
                        .filter_map(|bytes| wijkgids_core::guide_snapshot::decode_cards(bytes).ok())
                        .flatten()
                        .collect();
                    guide.add_cards(cards);
                }
                reads.reading.set(reads.reading.get() - 1);
                if reads.reading.get() == 0 {
                    for resolve in reads.waiting.take() {
                        let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
                    }
                }
            });
        })
    }

    /// Once no chunk is being read (at once when none is).
    pub async fn settled(&self) {
        if self.reading.get() == 0 {
            return;
        }
        let done = js_sys::Promise::new(&mut |resolve, _| self.waiting.borrow_mut().push(resolve));
        let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    }
}
