//! The compiled form of a definition for screens in one language: a smaller first load for the app.

use crate::data_file::Registry;
use crate::fit::definition::{AgeNorm, AlertRules, Definition, Face, Item, Norm, Norms, Scale};
use crate::lang::Lang;

impl Definition {
    /// This definition as screens in `lang` need it: its texts in `lang` alone, without the licence, the
    /// note and the norms' sources, which only exports and documents show. It scores and reads norms as
    /// the whole one does; it is for a smaller first load (the app's `instruments`), never for an export.
    pub fn for_screens_in(&self, lang: Lang) -> Definition {
        let scale = match &self.scale {
            Scale::Line => Scale::Line,
            Scale::Faces(faces) => Scale::Faces(
                faces
                    .iter()
                    .map(|face| Face {
                        value: face.value,
                        label: face.label.only(lang),
                    })
                    .collect(),
            ),
        };
        let items = self
            .items
            .iter()
            .map(|item| Item {
                id: item.id.clone(),
                label: item.label.only(lang),
                low: item.low.only(lang),
                high: item.high.only(lang),
            })
            .collect();
        Definition {
            id: self.id.clone(),
            version: self.version,
            kind: self.kind,
            title: self.title.only(lang),
            instructions: self.instructions.only(lang),
            audience: self.audience,
            licence: String::new(),
            note: None,
            scale,
            items,
            norms: self.norms.without_sources(),
        }
    }
}

impl Norm {
    fn without_source(&self) -> Norm {
        Norm {
            source: String::new(),
            ..self.clone()
        }
    }
}

impl Norms {
    fn without_sources(&self) -> Norms {
        let by_age = |norms: &[AgeNorm]| {
            norms
                .iter()
                .map(|norm| AgeNorm {
                    norm: norm.norm.without_source(),
                    ..norm.clone()
                })
                .collect()
        };
        let alerts = &self.alerts;
        Norms {
            cutoffs: by_age(&self.cutoffs),
            reliable_change: by_age(&self.reliable_change),
            alerts: AlertRules {
                total_below: alerts.total_below.as_ref().map(Norm::without_source),
                item_below: alerts.item_below.as_ref().map(Norm::without_source),
                drop_from_previous: alerts.drop_from_previous.as_ref().map(Norm::without_source),
            },
        }
    }
}

impl Registry<Definition> {
    /// Every definition as screens in `lang` need it ([`Definition::for_screens_in`]).
    pub fn for_screens_in(&self, lang: Lang) -> Registry<Definition> {
        self.map(|definition| definition.for_screens_in(lang))
    }
}
