//! Unfinished input kept on the device, so a reload, a crash, a lock or a closed tab loses nothing.
//!
//! [`use_kept_draft`] is the one way a draft is read and kept: a page model (`pages/meeting/model`,
//! `pages/mastery/rating/model`) holds its draft in its own state and hands it over, and
//! [`use_resumed_draft`] builds a draft reducer on it for pages without a model of their own.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_records::use_records;
use crate::records::Records;

/// Keeps a page's draft under `key`. What storage holds is read once it is open (again if `key`
/// changes) and handed to `on_found` (`None`: nothing); from then on storage follows `held`: saved
/// whenever it changes, deleted when it becomes `None`. Nothing is written before that read, so a draft
/// is never overwritten unseen, and a page that takes up what was found holds what storage holds, so
/// nothing is written again.
#[hook]
pub fn use_kept_draft<T>(
    key: &str,
    held: Option<T>,
    on_found: Callback<Option<T>>,
) -> UseKeptDraftHandle<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
{
    let records = use_records();
    let open = records.has_store();
    let kept = UseKeptDraftHandle {
        records,
        key: key.to_owned(),
        stored: use_mut_ref(|| None),
    };
    // Counts the reads, so what is held is compared again once storage has been read.
    let reads = use_state(|| 0u32);
    {
        let (kept, reads) = (kept.clone(), reads.clone());
        use_effect_with((key.to_owned(), open), move |(_, open)| {
            *kept.stored.borrow_mut() = None;
            if *open {
                spawn_local(async move {
                    let found = kept.records.draft::<T>(&kept.key).await;
                    *kept.stored.borrow_mut() = Some(found.clone());
                    // In one task with the page's own update, so both are in place at the next render.
                    reads.set(*reads + 1);
                    on_found.emit(found);
                });
            }
        });
    }
    {
        let kept = kept.clone();
        use_effect_with((held, *reads), move |(held, _)| kept.keep_now(held.clone()));
    }
    kept
}

#[derive(Clone)]
pub struct UseKeptDraftHandle<T> {
    records: Records,
    key: String,
    /// What storage holds as far as this page knows: `None` until read.
    stored: Rc<RefCell<Option<Option<T>>>>,
}

impl<T: PartialEq + Serialize> UseKeptDraftHandle<T> {
    /// Keeps `held` at once, if storage has been read and holds something else: for a change the page
    /// may not be drawn after (it is leaving), since the next drawing is what keeps `held` otherwise.
    pub fn keep_now(&self, held: Option<T>) {
        let mut stored = self.stored.borrow_mut();
        if stored.as_ref().is_none_or(|known| *known == held) {
            return;
        }
        match &held {
            Some(held) => self.records.save_draft(self.key.clone(), held),
            None => self.records.discard_draft(self.key.clone()),
        }
        *stored = Some(held);
    }
}

/// Unfinished input kept under a storage key: `None` until the first change (or a draft found in storage).
#[derive(PartialEq)]
struct Draft<T>(Option<T>);

enum DraftAction<T> {
    /// A draft found in storage.
    Found(T),
    /// A change, applied to the latest draft or, before the first, to `start`.
    Edit { start: T, edit: Rc<dyn Fn(&mut T)> },
}

impl<T: Clone + PartialEq> Reducible for Draft<T> {
    type Action = DraftAction<T>;

    fn reduce(self: Rc<Self>, action: DraftAction<T>) -> Rc<Self> {
        match action {
            DraftAction::Found(found) => Rc::new(Draft(Some(found))),
            DraftAction::Edit { start, edit } => {
                let mut next = self.0.clone().unwrap_or(start);
                edit(&mut next);
                Rc::new(Draft(Some(next)))
            }
        }
    }
}

/// A draft that every change is applied to in turn, never to the copy a screen was drawn from (two quick
/// keystrokes would otherwise each start from the same copy and the second would undo the first), and that
/// is saved under `key` after each change, so a reload, a crash or a closed tab loses nothing.
#[derive(Clone)]
pub struct UseDraftHandle<T: Clone + PartialEq + 'static> {
    draft: UseReducerHandle<Draft<T>>,
}

impl<T: Clone + PartialEq + 'static> UseDraftHandle<T> {
    /// The draft, if there is one yet.
    pub fn get(&self) -> Option<&T> {
        self.draft.0.as_ref()
    }

    /// A callback that applies `edit` (given the event's value) to the latest draft, or to `start` before the first change.
    pub fn edit<E: 'static, V: 'static>(
        &self,
        start: &T,
        value: impl Fn(E) -> V + 'static,
        edit: impl Fn(&mut T, &V) + 'static,
    ) -> Callback<E> {
        let (draft, start, edit) = (self.draft.clone(), start.clone(), Rc::new(edit));
        Callback::from(move |event: E| {
            let value = Rc::new(value(event));
            let edit = Rc::clone(&edit);
            draft.dispatch(DraftAction::Edit {
                start: start.clone(),
                edit: Rc::new(move |draft: &mut T| edit(draft, &value)),
            });
        })
    }
}

/// A draft reducer under `key`, saved after every change, and a draft found there taken up at once: for
/// staff's own unfinished work, which needs no offer to resume.
#[hook]
pub fn use_resumed_draft<T>(key: &str) -> UseDraftHandle<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
{
    let draft = use_reducer(|| Draft(None::<T>));
    let on_found = {
        let draft = draft.clone();
        Callback::from(move |found: Option<T>| {
            if let Some(found) = found {
                draft.dispatch(DraftAction::Found(found));
            }
        })
    };
    use_kept_draft(key, draft.0.clone(), on_found);
    UseDraftHandle { draft }
}
