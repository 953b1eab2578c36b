use std::rc::Rc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::hooks::use_app::UseAppHandle;

/// Unfinished input kept under a storage key: `None` until the first change (or a draft found in storage).
#[derive(PartialEq)]
struct Draft<T>(Option<T>);

enum DraftAction<T> {
    /// A draft found in storage, or `None` to start over.
    Set(Option<T>),
    /// A change, applied to the latest draft or, before the first, to `start`.
    Edit { start: T, edit: Rc<dyn Fn(&mut T)> },
}

impl<T: Clone + PartialEq> Reducible for Draft<T> {
    type Action = DraftAction<T>;

    fn reduce(self: Rc<Self>, action: DraftAction<T>) -> Rc<Self> {
        match action {
            DraftAction::Set(draft) => Rc::new(Draft(draft)),
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

    pub fn set(&self, draft: Option<T>) {
        self.draft.dispatch(DraftAction::Set(draft));
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

#[hook]
pub fn use_draft<T>(app: &UseAppHandle, key: &str) -> UseDraftHandle<T>
where
    T: Clone + PartialEq + Serialize + 'static,
{
    let draft = use_reducer(|| Draft(None::<T>));
    {
        let (app, key) = (app.clone(), key.to_owned());
        use_effect_with(draft.0.clone(), move |held| {
            if let Some(held) = held.as_ref() {
                app.save_draft(key, held);
            }
        });
    }
    UseDraftHandle { draft }
}

/// The draft stored under `key` (a reload, a crash or a closed tab left it), read once storage is open;
/// `None` until then or when there is none. Setting it to `None` sets the offer aside.
#[hook]
pub fn use_found_draft<T>(app: &UseAppHandle, key: &str) -> UseStateHandle<Option<T>>
where
    T: DeserializeOwned + 'static,
{
    let found = use_state(|| None::<T>);
    {
        let (app, found) = (app.clone(), found.clone());
        use_effect_with((key.to_owned(), app.has_store()), move |(key, open)| {
            if *open {
                let key = key.clone();
                spawn_local(async move { found.set(app.draft::<T>(&key).await) });
            }
        });
    }
    found
}

/// Like [`use_draft`], and a draft found under `key` is taken up at once: for staff's own unfinished
/// work, which needs no offer to resume.
#[hook]
pub fn use_resumed_draft<T>(app: &UseAppHandle, key: &str) -> UseDraftHandle<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
{
    let draft = use_draft::<T>(app, key);
    let found = use_found_draft::<T>(app, key);
    {
        let draft = draft.clone();
        use_effect_with((*found).clone(), move |found| {
            if found.is_some() {
                draft.set(found.clone());
            }
        });
    }
    draft
}
