//! First start: fill an empty database with the demo neighbourhood, so the guide is
//! useful the moment it runs.

use wijkgids_core::demo::Neighbourhood;
use wijkgids_core::record::Record;

use crate::store::{Storage, StoreError};

/// Set once seeding has happened, so that a guide whose records were all archived or
/// deleted is never refilled with demo data.
const SEEDED_MARK: &str = "seeded";

/// Every record of a neighbourhood, organisations first (offerings refer to them).
pub fn records_of(neighbourhood: &Neighbourhood) -> Vec<Record> {
    let organisations = neighbourhood
        .organisations
        .iter()
        .cloned()
        .map(Record::Organisation);
    let professionals = neighbourhood
        .professionals
        .iter()
        .cloned()
        .map(Record::Professional);
    let offerings = neighbourhood
        .offerings
        .iter()
        .map(|o| Record::Offering(Box::new(o.clone())));
    organisations
        .chain(professionals)
        .chain(offerings)
        .collect()
}

/// Loads `demo` in one transaction if this database has never been seeded; returns
/// the number of records loaded.
pub fn seed_if_new(store: &dyn Storage, demo: &Neighbourhood) -> Result<Option<usize>, StoreError> {
    let records = records_of(demo);
    Ok(store
        .put_records(&records, Some(SEEDED_MARK))?
        .then_some(records.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStorage;
    use wijkgids_core::vocab::RecordKind;

    #[test]
    fn seeds_once_with_increasing_seqs_and_never_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStorage::open(&dir.path().join("db.sqlite")).unwrap();
        let demo = wijkgids_core::demo::neighbourhood().unwrap();
        let expected = demo.organisations.len() + demo.professionals.len() + demo.offerings.len();

        assert_eq!(seed_if_new(&store, &demo).unwrap(), Some(expected));
        assert_eq!(seed_if_new(&store, &demo).unwrap(), None);
        let rows = store
            .changes_after(0, usize::MAX >> 1, crate::store::Texts::All)
            .unwrap();
        assert_eq!(rows.len(), expected);
        assert!(rows.windows(2).all(|w| w[0].seq + 1 == w[1].seq));
        assert_eq!(rows[0].seq, 1);
        for row in &rows {
            assert_eq!(row.version, 1);
            let data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
            assert_eq!(data["version"], 1, "the record's version equals the row's");
            if row.kind == RecordKind::Professional {
                assert_eq!(row.public_data, None, "the directory is never public");
            }
        }
        assert_eq!(
            store.count_live(RecordKind::Offering).unwrap(),
            demo.offerings.len() as u64
        );
    }
}
