//! The demo neighbourhood: Vlonderveld, in the town of Lindehoven, which the server
//! loads on first start so the guide is useful the moment it runs.
//!
//! Everything in it is invented: the town, its five buurten (Oude Kern, Molenkamp,
//! Beekzijde, Vlonderhof, De Esch), the streets, organisations and people. Names of
//! people were made up for this data set. Phone numbers are written like Dutch numbers
//! so that validation and tap-to-call can be shown, but they are invented
//! ("0577 55 xx xx", "06 8000 0xxx") and not meant to be dialled. E-mail addresses and
//! websites use the reserved example.org/.com/.net domains (RFC 2606). KvK numbers are
//! made-up 8-digit numbers. The coordinates lie in a wooded part of the Veluwe without
//! houses, so a map link never points at somebody's real front door.
//!
//! The data lives as JSON in `crates/core/data/demo/` (one file of offerings per
//! group of themes) and is compiled in, so the server needs no files at run time.
//! The tests in `tests/demo_data.rs` parse and validate all of it, so the `Err` of
//! [`neighbourhood`] can only happen if those tests were not run.

use crate::model::{Offering, Organisation, Professional};

/// Shown as the guide's name while it holds the demo data.
pub const NAME: &str = "Vlonderveld, Lindehoven";

const ORGANISATIONS: &str = include_str!("../data/demo/organisations.json");
const PROFESSIONALS: &str = include_str!("../data/demo/professionals.json");
const OFFERINGS: [&str; 10] = [
    include_str!("../data/demo/offerings-exercise.json"),
    include_str!("../data/demo/offerings-food-health.json"),
    include_str!("../data/demo/offerings-meeting.json"),
    include_str!("../data/demo/offerings-mind.json"),
    include_str!("../data/demo/offerings-language-digital.json"),
    include_str!("../data/demo/offerings-money-work.json"),
    include_str!("../data/demo/offerings-housing-safety.json"),
    include_str!("../data/demo/offerings-youth.json"),
    include_str!("../data/demo/offerings-carers.json"),
    include_str!("../data/demo/offerings-culture.json"),
];

/// A whole neighbourhood's guide: who runs what, who is who, and what there is.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbourhood {
    pub name: String,
    pub organisations: Vec<Organisation>,
    pub professionals: Vec<Professional>,
    pub offerings: Vec<Offering>,
}

/// The demo neighbourhood, parsed from the embedded JSON.
pub fn neighbourhood() -> Result<Neighbourhood, serde_json::Error> {
    let mut offerings = Vec::new();
    for file in OFFERINGS {
        offerings.extend(serde_json::from_str::<Vec<Offering>>(file)?);
    }
    Ok(Neighbourhood {
        name: NAME.to_string(),
        organisations: serde_json::from_str(ORGANISATIONS)?,
        professionals: serde_json::from_str(PROFESSIONALS)?,
        offerings,
    })
}
