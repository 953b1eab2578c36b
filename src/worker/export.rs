//! Writes the export of a selection from the records stored now, sealed with a passphrase if given.

use mestring_core::export::{self, Origin, Records, Selection, sealed};
use mestring_core::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::storage::{AppStore, DB_NAME};
use crate::worker::{Task, WorkerError};
use crate::{browser, instruments};

#[derive(Serialize, Deserialize)]
pub struct WriteExport {
    pub selection: Selection,
    pub export_id: String,
    pub passphrase: Option<String>,
}

/// The file and the ids of the records in it, to be marked exported once it is handed over.
#[derive(Serialize, Deserialize)]
pub struct Exported {
    pub name: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub text: JsValue,
    pub citizens: Vec<String>,
    pub responses: Vec<String>,
    pub assessments: Vec<String>,
    pub plans: Vec<String>,
    pub meetings: Vec<String>,
    /// Personal numbers masked in the quarantined records the file carries.
    pub masked: usize,
}

impl Task for WriteExport {
    const NAME: &'static str = "export";
    type Reply = Exported;

    async fn run(self) -> Result<Exported, WorkerError> {
        let WriteExport {
            selection,
            export_id,
            passphrase,
        } = self;
        let export_id = uuid::Uuid::try_parse(&export_id)
            .map_err(|err| WorkerError::Garbled(err.to_string()))?;
        let registry = instruments::registry().ok_or(WorkerError::Bundled)?;
        let store = AppStore::open(DB_NAME).await?;
        let read = async {
            let citizens = store.citizens().await?;
            let responses = store.all_responses().await?;
            let assessments = store.all_assessments().await?;
            let plans = store.all_plans().await?;
            let meetings = store.all_meetings().await?;
            let quarantine = match selection.includes_quarantine() {
                true => store.quarantined().await?,
                false => Vec::new(),
            };
            Ok::<_, StoreError>((
                citizens,
                responses,
                assessments,
                plans,
                meetings,
                quarantine,
            ))
        };
        let read = read.await;
        store.close();
        let (citizens, responses, assessments, plans, meetings, quarantine) = read?;
        let records = Records {
            citizens: &citizens,
            responses: &responses,
            assessments: &assessments,
            plans: &plans,
            meetings: &meetings,
            quarantine: &quarantine,
        };
        let origin = Origin {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            export_id,
            device_id: store.device_id(),
            created_at: browser::now(),
            facility: None,
        };
        let text = export::write(&origin, &selection, &records, registry)
            .map_err(|err| WorkerError::Export(err.to_string()))?;
        let (name, text) = match passphrase {
            None => (origin.file_name(), text),
            Some(passphrase) => {
                let (mut salt, mut nonce) = ([0; 16], [0; 12]);
                browser::fill_random(&mut salt).map_err(WorkerError::Export)?;
                browser::fill_random(&mut nonce).map_err(WorkerError::Export)?;
                let sealed = sealed::seal(&text, &passphrase, salt, nonce)
                    .map_err(|err| WorkerError::Export(err.to_string()))?;
                (origin.sealed_file_name(), sealed)
            }
        };
        let selected = selection.apply(&records);
        Ok(Exported {
            name,
            text: JsValue::from_str(&text),
            citizens: selected.citizens.iter().map(|c| c.id.to_string()).collect(),
            responses: selected
                .responses
                .iter()
                .map(|r| r.id.to_string())
                .collect(),
            assessments: selected
                .assessments
                .iter()
                .map(|a| a.id.to_string())
                .collect(),
            plans: selected.plans.iter().map(|p| p.id.to_string()).collect(),
            meetings: selected.meetings.iter().map(|m| m.id.to_string()).collect(),
            masked: export::personal_numbers_in_quarantine(records.quarantine),
        })
    }
}
