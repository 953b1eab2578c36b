//! One citizen in the files a caseworker took in, by id.

use mestring_core::progress::trajectory::{Trajectory, trajectory};
use mestring_core::store::plan_of;
use mestring_core::stored::{
    StoredAssessment, StoredCitizen, StoredMeeting, StoredPlan, StoredResponse,
};
use serde::{Deserialize, Serialize};

use crate::worker::imported::imported;
use crate::worker::{Task, WorkerError};

#[derive(Serialize, Deserialize)]
pub struct ReadCitizen {
    pub id: String,
}

/// One citizen from the files taken in: each record in its stored shape, which the page decodes as it
/// decodes what it reads from storage, and the trajectory, drawn here because its typical course and the
/// course of those who started alike need every citizen's forms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedCitizen {
    pub citizen: serde_json::Value,
    pub responses: Vec<serde_json::Value>,
    pub assessments: Vec<serde_json::Value>,
    pub plan: Option<serde_json::Value>,
    pub meetings: Vec<serde_json::Value>,
    pub trajectory: Trajectory,
}

impl Task for ReadCitizen {
    const NAME: &'static str = "citizen";
    /// `None` when no file taken in holds the citizen.
    type Reply = Option<ImportedCitizen>;

    async fn run(self) -> Result<Option<ImportedCitizen>, WorkerError> {
        let (archive, registry) = imported().await?;
        let Some(citizen) = archive
            .citizens()
            .find(|citizen| citizen.id.to_string() == self.id)
            .cloned()
        else {
            return Ok(None);
        };
        let responses: Vec<_> = archive.responses().cloned().collect();
        let citizens: Vec<_> = archive.citizens().cloned().collect();
        let stored = |value: serde_json::Result<serde_json::Value>| {
            value.map_err(|err| WorkerError::Garbled(err.to_string()))
        };
        Ok(Some(ImportedCitizen {
            citizen: stored(serde_json::to_value(StoredCitizen::from(&citizen)))?,
            responses: responses
                .iter()
                .filter(|response| response.citizen_id == citizen.id)
                .map(|response| stored(serde_json::to_value(StoredResponse::from(response))))
                .collect::<Result<_, _>>()?,
            assessments: archive
                .assessments()
                .filter(|assessment| assessment.citizen_id == citizen.id)
                .map(|assessment| stored(serde_json::to_value(StoredAssessment::from(assessment))))
                .collect::<Result<_, _>>()?,
            plan: plan_of(archive.plans(), citizen.id)
                .map(|plan| stored(serde_json::to_value(StoredPlan::from(plan))))
                .transpose()?,
            meetings: archive
                .meetings()
                .filter(|meeting| meeting.citizen_id == citizen.id)
                .map(|meeting| stored(serde_json::to_value(StoredMeeting::from(meeting))))
                .collect::<Result<_, _>>()?,
            trajectory: trajectory(&citizen, &citizens, &responses, registry),
        }))
    }
}
