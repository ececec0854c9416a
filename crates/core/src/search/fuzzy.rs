//! Small typos: words within one or two edits of each other, where an edit is
//! inserting, deleting or changing a letter, or swapping two neighbours ("optimal
//! string alignment", the usual typos on a phone).
//!
//! Finding every term near a query word walks the sorted vocabulary as if it were a
//! trie: terms that share a prefix share the rows of the edit-distance table for it,
//! and a whole range of terms is skipped as soon as no cell of the last row is within
//! reach. That visits a few thousand table rows instead of every term.

/// A term near the query word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Near {
    pub term: u32,
    /// How many edits away (for a prefix match, its beginning is).
    pub edits: u8,
    /// False when only its beginning is near the word.
    pub whole: bool,
}

/// Terms of `sorted` (term ids ordered by their bytes, as `text` gives them) within
/// `max` edits of `word`. With `as_prefix`, also terms that begin with something
/// within `max` edits of `word`: "wandl" is near "wandelgroep".
pub(crate) fn near<'t>(
    sorted: &[u32],
    text: impl Fn(u32) -> &'t [u8],
    word: &[u8],
    max: u8,
    as_prefix: bool,
    out: &mut Vec<Near>,
) {
    let width = word.len() + 1;
    // Below this depth every cell exceeds `max`, so the walk never goes deeper.
    let depth_cap = word.len() + usize::from(max) + 1;
    let mut rows = vec![0u8; width * (depth_cap + 1)];
    for (j, cell) in rows[..width].iter_mut().enumerate() {
        *cell = saturate(j);
    }
    let mut previous: &[u8] = &[];
    // rows[0..=valid] describe previous[..valid].
    let mut valid = 0;
    let mut i = 0;
    while i < sorted.len() {
        let term = text(sorted[i]);
        let mut depth = common_prefix(previous, term).min(valid);
        let mut outcome = Walk::Whole;
        while depth < term.len() {
            if depth + 1 > depth_cap {
                outcome = Walk::Prune(depth);
                break;
            }
            fill_row(&mut rows, width, word, term, depth);
            depth += 1;
            let row = &rows[depth * width..(depth + 1) * width];
            if as_prefix && row[width - 1] <= max {
                outcome = Walk::Subtree(depth, row[width - 1]);
                break;
            }
            if row.iter().all(|&cell| cell > max) {
                outcome = Walk::Prune(depth);
                break;
            }
        }
        valid = depth;
        previous = term;
        match outcome {
            Walk::Whole => {
                let distance = rows[term.len() * width + width - 1];
                if distance <= max {
                    out.push(Near {
                        term: sorted[i],
                        edits: distance,
                        whole: true,
                    });
                }
                i += 1;
            }
            Walk::Subtree(depth, distance) => {
                let end = subtree_end(sorted, i, &text, &term[..depth]);
                out.extend(sorted[i..end].iter().map(|&term| Near {
                    term,
                    edits: distance,
                    whole: false,
                }));
                i = end;
            }
            Walk::Prune(depth) => i = subtree_end(sorted, i, &text, &term[..depth]),
        }
    }
}

/// The edit distance between `word` and `other` if it is at most `max`.
pub(crate) fn distance(word: &[u8], other: &[u8], max: u8) -> Option<u8> {
    if word.len().abs_diff(other.len()) > usize::from(max) {
        return None;
    }
    let mut out = Vec::new();
    near(&[0], |_| other, word, max, false, &mut out);
    out.first().map(|near| near.edits)
}

enum Walk {
    /// The whole term was compared.
    Whole,
    /// Every term beginning with the first `.0` bytes is within reach.
    Subtree(usize, u8),
    /// No term beginning with the first `.0` bytes is within reach.
    Prune(usize),
}

/// Computes row `depth + 1` of the table, for `term[depth]`.
fn fill_row(rows: &mut [u8], width: usize, word: &[u8], term: &[u8], depth: usize) {
    let letter = term[depth];
    let (above, below) = rows.split_at_mut((depth + 1) * width);
    let previous = &above[depth * width..];
    let before_previous = depth
        .checked_sub(1)
        .map(|d| &above[d * width..(d + 1) * width]);
    let row = &mut below[..width];
    row[0] = saturate(depth + 1);
    for j in 1..width {
        let change = u8::from(word[j - 1] != letter);
        let mut cell = previous[j]
            .saturating_add(1)
            .min(row[j - 1].saturating_add(1))
            .min(previous[j - 1].saturating_add(change));
        if let Some(before) = before_previous
            && j >= 2
            && word[j - 1] == term[depth - 1]
            && word[j - 2] == letter
        {
            cell = cell.min(before[j - 2].saturating_add(1));
        }
        row[j] = cell;
    }
}

/// The end of the run of terms, from `start`, that begin with `prefix`.
fn subtree_end<'t>(
    sorted: &[u32],
    start: usize,
    text: &impl Fn(u32) -> &'t [u8],
    prefix: &[u8],
) -> usize {
    start + sorted[start..].partition_point(|&id| text(id).starts_with(prefix))
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn saturate(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain dynamic programming, to check the walk against.
    fn reference(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    fn vocabulary() -> Vec<&'static str> {
        let mut words = vec![
            "wandelen",
            "wandeling",
            "wandelgroep",
            "wandel",
            "wand",
            "wonen",
            "wenen",
            "handel",
            "eenzaam",
            "eenzaamheid",
            "taalcafe",
            "cafe",
            "café",
            "koffie",
            "koffieochtend",
            "huur",
            "duur",
            "uur",
            "huis",
            "a",
            "ab",
            "ba",
        ];
        words.sort();
        words
    }

    fn near_words(word: &str, max: u8, as_prefix: bool) -> Vec<(&'static str, u8)> {
        let words = vocabulary();
        let ids: Vec<u32> = (0..words.len() as u32).collect();
        let mut out = Vec::new();
        near(
            &ids,
            |id| words[id as usize].as_bytes(),
            word.as_bytes(),
            max,
            as_prefix,
            &mut out,
        );
        let mut found: Vec<_> = out
            .into_iter()
            .map(|n| (words[n.term as usize], n.edits))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn the_walk_finds_exactly_the_words_plain_dynamic_programming_finds() {
        let words = vocabulary();
        for query in [
            "wandelen", "wnadelen", "wandlen", "eensaam", "huur", "kofie", "ab", "xyz",
        ] {
            for max in 0..=2 {
                let expected: Vec<(&str, u8)> = words
                    .iter()
                    .map(|w| (*w, reference(query.as_bytes(), w.as_bytes())))
                    .filter(|(_, d)| *d <= usize::from(max))
                    .map(|(w, d)| (w, d as u8))
                    .collect();
                assert_eq!(
                    near_words(query, max, false),
                    expected,
                    "{query} within {max}"
                );
            }
        }
    }

    #[test]
    fn swapped_neighbours_are_one_edit() {
        assert_eq!(distance(b"wnadelen", b"wandelen", 2), Some(1));
        assert_eq!(distance(b"eensaam", b"eenzaam", 1), Some(1));
        assert_eq!(distance(b"kofie", b"koffie", 1), Some(1));
        assert_eq!(distance(b"huur", b"huis", 1), None);
        assert_eq!(distance(b"huur", b"huur", 0), Some(0));
    }

    #[test]
    fn as_prefix_finds_words_that_begin_nearly_so() {
        let found = near_words("wandl", 1, true);
        let found: Vec<&str> = found.iter().map(|(w, _)| *w).collect();
        for expected in ["wandel", "wandelen", "wandelgroep", "wandeling", "wand"] {
            assert!(found.contains(&expected), "{expected} in {found:?}");
        }
        assert!(!found.contains(&"handel"), "{found:?}");
        let coffee = near_words("kofie", 1, true);
        assert!(coffee.contains(&("koffieochtend", 1)), "{coffee:?}");
    }
}
