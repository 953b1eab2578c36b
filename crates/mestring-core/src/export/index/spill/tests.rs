//! A sort that spills gives what the sort in memory gives, and leaves nothing in the spill.

use proptest::prelude::*;

use super::*;

/// `records` sorted with a budget of `budget` bytes; what the spill still holds after.
fn check(records: &[[u8; 3]], budget: usize) -> (Vec<[u8; 3]>, usize) {
    let spill = Rc::new(InMemory::default());
    let budget = Budget {
        spill: spill.clone(),
        bytes: budget,
    };
    let mut sorter = Sorter::new(3, &budget);
    for record in records {
        sorter.push(record).unwrap();
    }
    let mut sorted = sorter.finish().unwrap();
    let mut out = Vec::new();
    while let Some(record) = sorted.next_record().unwrap() {
        out.push(<[u8; 3]>::try_from(record).unwrap());
    }
    (out, spill.held())
}

proptest! {
    #[test]
    fn any_budget_gives_the_order_of_the_bytes(
        records in proptest::collection::vec(any::<[u8; 3]>(), 0..600),
        budget in 0usize..400,
    ) {
        let mut expected = records.clone();
        sort::ascending(&mut expected);
        let (sorted, held) = check(&records, budget);
        prop_assert_eq!(sorted, expected);
        prop_assert_eq!(held, 0);
    }
}

#[test]
fn more_runs_than_are_merged_at_once_are_merged_in_passes() {
    // A record a run: 500 runs, merged 16 at a time.
    let records: Vec<[u8; 3]> = (0..500u32)
        .rev()
        .map(|n| [(n >> 8) as u8, n as u8, 7])
        .collect();
    let (sorted, held) = check(&records, 0);
    assert_eq!(sorted.len(), 500);
    assert!(sorted.is_sorted());
    assert_eq!(held, 0);
}

#[test]
fn keys_order_as_their_values() {
    let key = |n: i64| Bytes::with_capacity(8).i64(n).0.clone();
    assert!(key(-5) < key(-1) && key(-1) < key(0) && key(0) < key(3));
    let mut fields = Fields(&key(-42));
    assert_eq!(fields.i64(), -42);
}
