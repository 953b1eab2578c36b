//! Stable sorting with one compiled sort for the whole app.
//!
//! The standard `sort_by_key` compiles a whole driftsort (about 3.5 KB of Wasm) for every element
//! type it sorts; 23 types sorted that way were 101 KB of the app's Wasm (issue 21's size profile).
//! These functions sort positions instead, comparing through one `dyn` comparator, so the sort is
//! compiled once; what each element type adds is a short loop that moves items into place.
//! Same contract as the standard sort: stable, O(n log n) comparisons. `clippy.toml` points the
//! standard sorts here.
//!
//! `collect()` into a `BTreeMap` or `BTreeSet` sorts its items first (a whole stable sort again per
//! type); [`set`] and [`map`] build them by insertion instead.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Sorts `items` by `key`, keeping items with equal keys in their order.
pub fn by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` by `compare`, keeping items that compare equal in their order.
pub fn by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by a key computed once per item (for keys that are costly, such as collation keys).
pub fn by_cached_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = positions(items.len(), &|a, b| keys[a].cmp(&keys[b]));
    permute(items, order);
}

/// Sorts `items` in their natural order.
pub fn ascending<T: Ord>(items: &mut [T]) {
    by(items, T::cmp);
}

/// A set of `items`, built by insertion (see the module's comment).
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// A map of `entries`, built by insertion (see the module's comment); of equal keys the last one stays,
/// as with `collect()`.
pub fn map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
}

/// The positions `0..len` in the order `compare` puts them, equal ones in their order.
/// Not generic, and kept out of line, so this is the one sort the app compiles.
#[inline(never)]
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    #[expect(
        clippy::disallowed_methods,
        reason = "the one standard sort the others go through"
    )]
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[i]` to `i`, for every `i`, by following each cycle of the permutation.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const PLACED: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != PLACED {
            let from = order[at];
            order[at] = PLACED;
            if from == start {
                break;
            }
            // `items[from]` is still where it started (each slot of a cycle is visited once): the swap
            // brings it to `at`, where it belongs, and carries the item it displaces on to `from`.
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The same order as the standard stable sort, ties included.
        #[test]
        fn sorts_as_the_standard_stable_sort(items in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            by_key(&mut ours, |(key, _)| *key);
            let mut standard = items.clone();
            #[expect(clippy::disallowed_methods, reason = "the reference")]
            standard.sort_by_key(|(key, _)| *key);
            prop_assert_eq!(&ours, &standard);

            let mut cached = items.clone();
            by_cached_key(&mut cached, |(key, _)| *key);
            prop_assert_eq!(&cached, &standard);

            let mut whole = items;
            ascending(&mut whole);
            prop_assert!(whole.windows(2).all(|pair| pair[0] <= pair[1]));
        }
    }

    #[test]
    fn keeps_items_that_cannot_be_copied() {
        let mut words = vec![
            "c".to_string(),
            "a".to_string(),
            "b".to_string(),
            "a".to_string(),
        ];
        by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
