//! One citizen's trajectory from this device's forms, with the typical course from all of them: read
//! in the worker, so years of forms never hold up the screen.

use mestring_core::progress::trajectory::{Trajectory, trajectory};
use mestring_core::store::{Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::instruments;
use crate::storage::{AppStore, DB_NAME};
use crate::worker::{Task, WorkerError};

#[derive(Serialize, Deserialize)]
pub struct ReadTrajectory {
    pub citizen: String,
}

impl Task for ReadTrajectory {
    const NAME: &'static str = "trajectory";
    /// `None` when the citizen is not on the device.
    type Reply = Option<Trajectory>;

    async fn run(self) -> Result<Option<Trajectory>, WorkerError> {
        let registry = instruments::registry().ok_or(WorkerError::Bundled)?;
        let store = AppStore::open(DB_NAME).await?;
        let read =
            async { Ok::<_, StoreError>((store.citizens().await?, store.all_responses().await?)) };
        let read = read.await;
        store.close();
        let (citizens, responses) = read?;
        Ok(citizens
            .iter()
            .find(|citizen| citizen.id.to_string() == self.citizen)
            .map(|citizen| trajectory(citizen, &citizens, &responses, registry)))
    }
}
