//! One search: text scores, then filters and facet counts in one pass over the
//! matched offerings, then the best hits in order, with the reasons they matched.

use std::cmp::Ordering;
use std::sync::{MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

use super::agenda::Agenda;
use super::document::{Doc, Field, Visibility, bits};
use super::facets::Counter;
use super::filters::Prepared;
use super::index::SearchIndex;
use super::plan::{self, MatchKind, WordPlan};
use super::score::TextScores;
use super::terms::{posting_fields, posting_slot};
use super::{Hit, Query, Reason, Scope, SearchResults};
use crate::schedule::local_date_time;
use crate::vocab::Lang;

/// A result before it is turned into a [`Hit`], with what it is ordered by.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    slot: u32,
    score: f32,
    paused: bool,
    /// Minutes from today's midnight to its first start this week.
    first_start: u32,
    /// The first bytes of its title, for a quick comparison.
    title_start: u64,
}

impl SearchIndex {
    /// Searches the index; see the [module documentation](super) for how.
    pub fn search(&self, query: &Query) -> SearchResults {
        let plans = plan::plan(&self.terms, &query.text);
        let visible =
            |doc: &Doc| query.scope == Scope::Everything || doc.visibility != Visibility::Hidden;
        let text =
            (!plans.is_empty()).then(|| TextScores::new(&plans, &self.terms, &self.docs, visible));
        let guard = self.agenda_on(query.now);
        let agenda = guard.as_ref().expect("agenda_on fills it");
        let filters = Prepared::new(&query.filters, query.now, |name| self.places.id(name));
        let need_bits = query
            .filters
            .need
            .map(|n| (bits(n.themes()) as u16, bits(n.dimensions()) as u8));
        let mut counter = Counter::new(self.places.len());
        let mut results: Vec<Ranked> = Vec::new();
        let mut visit = |slot: u32| {
            let Some(doc) = &self.docs[slot as usize] else {
                return;
            };
            if !visible(doc) {
                return;
            }
            let day = agenda.facts(slot);
            let failed = filters.failures(doc, day);
            counter.add(doc, day, failed, query.now);
            if failed != 0 {
                return;
            }
            let score = match (&text, need_bits) {
                (Some(text), _) => text.score_of(slot, doc),
                // Closest to the need first: its themes, then its health dimensions.
                (None, Some((themes, dimensions))) => {
                    (2 * (doc.themes & themes).count_ones()
                        + (doc.dimensions & dimensions).count_ones()) as f32
                }
                (None, None) => 0.0,
            };
            results.push(Ranked {
                slot,
                score,
                paused: doc.visibility == Visibility::Paused,
                first_start: if filters.when().is_some() {
                    day.first_start
                } else {
                    0
                },
                title_start: title_start(doc.title(query.lang)),
            });
        };
        match &text {
            Some(text) => text
                .candidates
                .iter()
                .copied()
                .filter(|&slot| text.accepts(slot))
                .for_each(&mut visit),
            None => (0..self.docs.len() as u32).for_each(&mut visit),
        }
        drop(guard);
        let total = results.len();
        let order = |a: &Ranked, b: &Ranked| self.order(a, b, query.lang);
        if results.len() > query.limit {
            results.select_nth_unstable_by(query.limit, order);
            results.truncate(query.limit);
        }
        results.sort_unstable_by(order);
        let hits = results
            .iter()
            .filter_map(|r| {
                let doc = self.docs[r.slot as usize].as_ref()?;
                Some(Hit {
                    id: doc.id,
                    score: r.score,
                    reasons: text
                        .as_ref()
                        .map(|t| self.reasons(&plans, t, r.slot))
                        .unwrap_or_default(),
                })
            })
            .collect();
        SearchResults {
            hits,
            total,
            facets: counter.finish(|id| self.places.name(id)),
            all_words_matched: text.as_ref().is_none_or(TextScores::all_words_matched),
        }
    }

    /// Best first: score, published before paused, sooner, then by title.
    fn order(&self, a: &Ranked, b: &Ranked, lang: Lang) -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then(a.paused.cmp(&b.paused))
            .then(a.first_start.cmp(&b.first_start))
            .then(a.title_start.cmp(&b.title_start))
            .then_with(|| self.title(a.slot, lang).cmp(self.title(b.slot, lang)))
            .then(a.slot.cmp(&b.slot))
    }

    fn title(&self, slot: u32, lang: Lang) -> &str {
        self.docs[slot as usize]
            .as_ref()
            .map_or("", |d| d.title(lang))
    }

    /// The time facts for the date of `now`, worked out anew when the date changed.
    fn agenda_on(&self, now: DateTime<Utc>) -> MutexGuard<'_, Option<Agenda>> {
        let date = local_date_time(now).map_or_else(|| now.date_naive(), |t| t.date());
        let mut agenda = self.agenda.lock().unwrap_or_else(PoisonError::into_inner);
        if agenda.as_ref().is_none_or(|a| a.date != date) {
            *agenda = Some(Agenda::new(date, &self.docs));
        }
        agenda
    }

    /// Why the offering in `slot` matched, one reason per query word it matched.
    fn reasons(&self, plans: &[WordPlan], text: &TextScores, slot: u32) -> Vec<Reason> {
        plans
            .iter()
            .zip(&text.best)
            .filter_map(|(plan, best)| {
                let which = best[slot as usize].checked_sub(1)? as usize;
                match plan.terms.get(which) {
                    Some(m) => {
                        let postings = &self.terms.term(m.term).postings;
                        let at = postings.partition_point(|&p| posting_slot(p) < slot);
                        let fields = postings.get(at).map_or(0, |&p| posting_fields(p));
                        Some(Reason {
                            word: plan.word.clone(),
                            matched: self.terms.text(m.term).to_string(),
                            kind: m.kind,
                            fields: Field::in_bits(fields),
                            need: None,
                        })
                    }
                    None => {
                        let need = plan.needs.get(which - plan.terms.len())?;
                        Some(Reason {
                            word: plan.word.clone(),
                            matched: need.trigger.to_string(),
                            kind: MatchKind::Need,
                            fields: vec![Field::Themes],
                            need: Some(need.need),
                        })
                    }
                }
            })
            .collect()
    }
}

/// The first eight bytes of a folded title as a number that sorts like them.
fn title_start(title: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = title.len().min(8);
    bytes[..n].copy_from_slice(&title.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}
