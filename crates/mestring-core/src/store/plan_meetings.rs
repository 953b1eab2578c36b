//! Moving the dialogue meetings and agreements that plans of stored shape 3 and older kept themselves into
//! meeting records, in a store: once, after the store is open, and before any such plan is written again.

use chrono::{DateTime, FixedOffset};

use super::{Store, StoreError};
use crate::mastery::Plan;

/// Moves every plan in `store` that carries dialogue meetings or agreements from an older shape
/// ([`Plan::moved_to_records`]): first the meeting records it yields that the store does not hold yet, then
/// the plan in shape 4, one revision later at `now`. Returns how many plans were moved. Stops at the first
/// failed write and returns it: what was not moved stays in its plan, and a later run takes it up without
/// storing any meeting twice, since their ids follow from the plan. Run again, it moves nothing.
pub async fn move_plan_meetings(
    store: &impl Store,
    now: DateTime<FixedOffset>,
) -> Result<usize, StoreError> {
    let mut moved = 0;
    for plan in store.all_plans().await? {
        let Some((in_shape_4, _)) = plan.moved_to_records(now) else {
            continue;
        };
        put_plan_meetings(store, &plan).await?;
        store.put_plan(&in_shape_4).await?;
        moved += 1;
    }
    Ok(moved)
}

/// Stores the meeting records `plan` carries from an older shape ([`Plan::meeting_records`]) that `store`
/// does not hold yet; a record already there (moved before, perhaps completed since) is left as it is.
pub async fn put_plan_meetings(store: &impl Store, plan: &Plan) -> Result<(), StoreError> {
    let records = plan.meeting_records();
    if records.is_empty() {
        return Ok(());
    }
    let held = store.meetings_of(plan.citizen_id).await?;
    for record in &records {
        if !held.iter().any(|stored| stored.id == record.id) {
            store.put_meeting(record).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use pollster::block_on;
    use serde_json::Value;

    use super::*;
    use crate::mastery::{DialogueMeeting, Participant, Registry};
    use crate::store::MemoryStore;
    use crate::stored::{StoredMeeting, decode_plan};
    use crate::testing::{at, plan};

    fn older_plan() -> Plan {
        let mut older = plan(
            crate::testing::citizen(1, "MJ", "Hus 1").id,
            chrono::NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
            false,
        );
        for day in [20, 27] {
            older.meetings.push(DialogueMeeting {
                date: chrono::NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
                participants: vec![Participant::Citizen, Participant::Parent],
            });
        }
        older.agreements = "MJ øver ruten".to_owned();
        older
    }

    #[test]
    fn a_plans_meetings_move_once_and_a_second_run_changes_nothing() {
        let store = MemoryStore::new();
        let older = older_plan();
        block_on(store.put_plan(&older)).unwrap();
        assert_eq!(block_on(move_plan_meetings(&store, at(12))), Ok(1));
        let meetings = block_on(store.meetings_of(older.citizen_id)).unwrap();
        assert_eq!(meetings, older.meeting_records());
        assert_eq!(meetings[1].agreements, "MJ øver ruten");
        let plans = block_on(store.all_plans()).unwrap();
        assert_eq!(
            (plans[0].meetings.len(), plans[0].agreements.as_str()),
            (0, "")
        );
        assert_eq!(plans[0].meta.revision, older.meta.revision + 1);
        // Again: nothing to move, nothing changed.
        assert_eq!(block_on(move_plan_meetings(&store, at(13))), Ok(0));
        assert_eq!(
            block_on(store.meetings_of(older.citizen_id)).unwrap(),
            meetings
        );
        assert_eq!(block_on(store.all_plans()).unwrap(), plans);
    }

    #[test]
    fn a_meeting_moved_before_and_completed_since_is_left_as_it_is() {
        let store = MemoryStore::new();
        let older = older_plan();
        // The first move stored the meetings, then failed before the plan; staff completed a meeting since.
        block_on(put_plan_meetings(&store, &older)).unwrap();
        let mut completed = older.meeting_records()[0].clone();
        completed.minutes_by = Some(crate::meeting::Role::Citizen);
        completed.meta = completed.meta.next(at(12));
        block_on(store.put_meeting(&completed)).unwrap();
        block_on(store.put_plan(&older)).unwrap();
        assert_eq!(block_on(move_plan_meetings(&store, at(13))), Ok(1));
        let meetings = block_on(store.meetings_of(older.citizen_id)).unwrap();
        assert_eq!(meetings.len(), 2);
        assert_eq!(meetings[0], completed);
    }

    /// `tests/fixtures/db-v3-plans-v4.json`: the plans of `db-v2.json` as the release that moved them stored
    /// them (shape 4), and the meeting records they became. The browser tests read it as a device holds it;
    /// here, its plans read as the plans this code moves, and its meetings are what this code writes.
    #[test]
    fn the_fixture_of_moved_plans_is_what_the_code_moves() {
        let older: Value =
            serde_json::from_str(include_str!("../../../../tests/fixtures/db-v2.json")).unwrap();
        let moved: Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/db-v3-plans-v4.json"
        ))
        .unwrap();
        let registry = Registry::bundled().unwrap();
        let store = MemoryStore::new();
        for raw in older["stores"]["plans"].as_array().unwrap() {
            block_on(store.put_plan(&decode_plan(raw, &registry).unwrap())).unwrap();
        }
        assert_eq!(block_on(move_plan_meetings(&store, at(20))), Ok(2));
        let fixture_plans: Vec<Plan> = moved["stores"]["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|raw| {
                assert_eq!(
                    raw["schema_version"], 4,
                    "the fixture keeps the plans' shape 4"
                );
                decode_plan(raw, &registry).unwrap()
            })
            .collect();
        assert_eq!(block_on(store.all_plans()).unwrap(), fixture_plans);
        let meetings: Vec<Value> = block_on(store.all_meetings())
            .unwrap()
            .iter()
            .map(|meeting| serde_json::to_value(StoredMeeting::from(meeting)).unwrap())
            .collect();
        assert_eq!(&Value::from(meetings), &moved["stores"]["meetings"]);
    }
}
