//! One search: text scores, then filters and facet counts in one pass over the
//! matched offerings, then the best hits in order, with the reasons they matched.

use std::cmp::Ordering;
use std::sync::{MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

use super::agenda::{Agenda, DayFacts};
use super::document::{Field, Visibility, bits};
use super::facets::Counter;
use super::filters::Prepared;
use super::index::SearchIndex;
use super::meaning;
use super::plan::{self, WordPlan};
use super::related::{RELATED_BELOW, RELATED_MOST, Subject, WORDS_SHARE, shared_words};
use super::score::{Scratch, TextScores, audience_fit};
use super::terms::{posting_fields, posting_slot};
use super::timing::Timing;
use super::{Hit, Query, Reason, SearchResults};
use crate::schedule::local_date_time;
use crate::vocab::Lang;

/// A result before it is turned into a [`Hit`], with what it is ordered by.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    slot: u32,
    score: f32,
    paused: bool,
    /// Minutes from today's midnight to its first start this week, with a time filter.
    first_start: u32,
    timing: Timing,
    /// The need's health dimensions it has, with a need filter.
    closeness: u8,
    /// How many themes it has: of two that fit as well, the one about fewer
    /// things is more about what was asked (a drop-in for company before a meal
    /// that is also company).
    breadth: u8,
    /// The first bytes of its title, for a quick comparison.
    title_start: u128,
}

impl SearchIndex {
    /// Searches the index; see the [module documentation](super) for how.
    pub fn search(&self, query: &Query) -> SearchResults {
        let read = meaning::read(&query.text);
        let plans = plan::plan(&self.terms, &read);
        let mut applied = query.filters.clone();
        for word in &read.filters {
            word.filter.apply_to(&mut applied);
        }
        let text = (!plans.is_empty()).then(|| {
            // Another search holding the scratch (or one that panicked) leaves
            // this one a scratch of its own.
            let mut kept = self.scratch.try_lock().ok();
            let mut own = Scratch::default();
            TextScores::new(
                read.words.len(),
                &plans,
                self,
                query.scope,
                kept.as_deref_mut().unwrap_or(&mut own),
            )
        });
        let mut guard = self.agenda_on(query.now);
        let agenda = guard.as_mut().expect("agenda_on fills it");
        agenda.at(query.now);
        let filters = Prepared::new(&applied, |name| self.places.id(name));
        let need = applied
            .need
            .map(|n| (bits(n.themes()) as u16, bits(n.dimensions()) as u8));
        let asked = plans
            .iter()
            .flat_map(|p| &p.labels)
            .fold(0, |asked, label| asked | label.target.audiences());
        let now = query.now.timestamp();
        let mut counter = Counter::new(self.places.len());
        let order = |a: &Ranked, b: &Ranked| self.order(a, b, query.lang);
        // What a result is ordered by besides its score.
        let ranked = |slot: u32, score: f32, day: DayFacts| {
            let facts = &self.facts[slot as usize];
            Ranked {
                slot,
                score,
                paused: self.visibility[slot as usize] == Visibility::Paused,
                first_start: if filters.when().is_some() {
                    day.first_start
                } else {
                    0
                },
                timing: Timing::of(day, facts.dated, now),
                closeness: need.map_or(0, |(_, dimensions)| {
                    (facts.dimensions & dimensions).count_ones() as u8
                }),
                // Browsing everything (no words, no need) stays by timing and title.
                breadth: if text.is_some() || need.is_some() {
                    facts.themes.count_ones() as u8
                } else {
                    0
                },
                title_start: self.docs[slot as usize]
                    .as_ref()
                    .map_or(0, |d| d.title_start(query.lang)),
            }
        };
        let mut best = TopK::new(query.limit);
        let mut total = 0;
        let mut visit = |slot: u32| {
            let visibility = self.visibility[slot as usize];
            if !visibility.shown_in(query.scope) {
                return;
            }
            let facts = &self.facts[slot as usize];
            let day = agenda.day(slot);
            let failed = filters.failures(facts, day);
            counter.add(facts, day, failed);
            if failed != 0 {
                return;
            }
            let score = match (&text, need) {
                (Some(text), _) => {
                    text.score_of(slot, visibility) * audience_fit(facts.audiences, asked)
                }
                // The need's themes it is about.
                (None, Some((themes, _))) => (facts.themes & themes).count_ones() as f32,
                (None, None) => 0.0,
            };
            total += 1;
            // Most results fit worse than the worst kept one: skip working out the
            // rest of what they would be ordered by.
            if !best.may_take(score) {
                return;
            }
            best.offer(ranked(slot, score, day), order);
        };
        let slots = 0..self.facts.len() as u32;
        match &text {
            // Many matches (a first letter): in slot order, which reads memory in order.
            Some(text) if text.candidates.len() > self.facts.len() / 8 => slots
                .filter(|&slot| text.accepts(slot))
                .for_each(&mut visit),
            Some(text) => text
                .candidates
                .iter()
                .copied()
                .filter(|&slot| text.accepts(slot))
                .for_each(&mut visit),
            None => slots.for_each(&mut visit),
        }
        let related = match &text {
            Some(_) if (1..RELATED_BELOW).contains(&total) => {
                let subject = Subject::of(best.items.iter().map(|r| {
                    let facts = &self.facts[r.slot as usize];
                    (facts.themes, facts.audiences)
                }));
                let results: Vec<u32> = best.items.iter().map(|r| r.slot).collect();
                let words = shared_words(&self.terms, &self.docs, &results);
                let mut related = TopK::new(RELATED_MOST);
                for slot in 0..self.facts.len() as u32 {
                    let visibility = self.visibility[slot as usize];
                    let facts = &self.facts[slot as usize];
                    let day = agenda.day(slot);
                    if !visibility.shown_in(query.scope)
                        || best.items.iter().any(|r| r.slot == slot)
                        || filters.failures(facts, day) != 0
                    {
                        continue;
                    }
                    let score = subject.closeness(facts.themes, facts.audiences)
                        + WORDS_SHARE * words.get(&slot).copied().unwrap_or(0.0);
                    if score > 0.0 && related.may_take(score) {
                        related.offer(ranked(slot, score, day), order);
                    }
                }
                related.items
            }
            _ => Vec::new(),
        };
        drop(guard);
        let hit = |r: &Ranked, reasons: Vec<Reason>| {
            let doc = self.docs[r.slot as usize].as_ref()?;
            Some(Hit {
                id: doc.id,
                score: r.score,
                timing: r.timing,
                reasons,
            })
        };
        let hits = best
            .items
            .iter()
            .filter_map(|r| {
                let reasons = text
                    .as_ref()
                    .map(|t| self.reasons(&plans, t, r.slot))
                    .unwrap_or_default();
                hit(r, reasons)
            })
            .collect();
        let related = related.iter().filter_map(|r| hit(r, Vec::new())).collect();
        SearchResults {
            hits,
            total,
            facets: counter.finish(self.places.in_use()),
            all_words_matched: text.as_ref().is_none_or(TextScores::all_words_matched),
            filters: applied,
            filter_words: read.filters,
            related,
        }
    }

    /// Best first: fit, published before paused, first to start (with a time
    /// filter), how often, closeness to the need, the more focused one (fewer
    /// themes), how soon, then by title. Which day of the week a weekly group
    /// meets says nothing of how well it fits; being about fewer things does.
    fn order(&self, a: &Ranked, b: &Ranked, lang: Lang) -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then(a.paused.cmp(&b.paused))
            .then(a.first_start.cmp(&b.first_start))
            .then(a.timing.rhythm.cmp(&b.timing.rhythm))
            .then(b.closeness.cmp(&a.closeness))
            .then(a.breadth.cmp(&b.breadth))
            .then(a.timing.rank().cmp(&b.timing.rank()))
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
            *agenda = Some(Agenda::new(date, &self.docs, &self.visibility));
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
                        let label = plan.labels.get(which - plan.terms.len())?;
                        Some(Reason {
                            word: plan.word.clone(),
                            matched: label.word.to_string(),
                            kind: label.kind,
                            fields: vec![label.field],
                            need: label.need,
                        })
                    }
                }
            })
            .collect()
    }
}

/// The best `limit` results seen so far, best first. Most results are worse than
/// the worst kept one and cost one comparison.
struct TopK {
    limit: usize,
    items: Vec<Ranked>,
}

impl TopK {
    fn new(limit: usize) -> TopK {
        TopK {
            limit,
            items: Vec::new(),
        }
    }

    /// False when a result of this score cannot be among the best: it fits worse
    /// than the worst kept one, and the fit is compared first.
    fn may_take(&self, score: f32) -> bool {
        self.items.len() < self.limit
            || self
                .items
                .last()
                .is_some_and(|worst| score.total_cmp(&worst.score) != Ordering::Less)
    }

    fn offer(&mut self, item: Ranked, order: impl Fn(&Ranked, &Ranked) -> Ordering) {
        if self.items.len() == self.limit
            && self
                .items
                .last()
                .is_none_or(|worst| order(&item, worst) != Ordering::Less)
        {
            return;
        }
        let at = self
            .items
            .partition_point(|kept| order(kept, &item) != Ordering::Greater);
        self.items.insert(at, item);
        self.items.truncate(self.limit);
    }
}
