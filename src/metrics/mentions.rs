//! Brand mentions (docs/metrics.md#mentions): how many and how far they
//! reached, by period and by source, their tone, and each brand's share of
//! voice among the mentions naming any of the brands.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::periods::Period;
use super::rate::pct;
use crate::model::{Mention, Sentiment};

/// A brand to count mentions of: its name, and the words that name it in a
/// mention's text (the name itself unless given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brand {
    pub name: String,
    /// Folded (lower case, `ё` as `е`); each must begin a word of the text.
    pub words: Vec<String>,
}

impl Brand {
    /// A brand named by `name` and, when given, by `words` instead.
    pub fn new(name: &str, words: &[&str]) -> Brand {
        let words: Vec<String> = if words.is_empty() {
            vec![name]
        } else {
            words.to_vec()
        }
        .into_iter()
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect();
        Brand {
            name: name.trim().to_string(),
            words,
        }
    }

    /// Whether `text` (folded) names the brand: one of its words begins a
    /// word of the text (so `кофейн` names `Кофейня` and `кофейни`, and
    /// `cola` does not name `Pepsicola`).
    pub fn named_in(&self, folded: &str) -> bool {
        self.words.iter().any(|w| begins_word(folded, w))
    }
}

/// Text as brand words are matched: lower case, `ё` as `е`, trimmed.
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Whether `word` occurs in `text` where a word begins: at the start, or
/// after a character that is not a letter or digit.
fn begins_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Mentions by tone; shares are of the rated mentions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SentimentCounts {
    pub positive: u64,
    pub neutral: u64,
    pub negative: u64,
    /// Mentions without a tone the export states (an empty cell, or a word
    /// that names no tone).
    pub unrated: u64,
    /// positive / (positive + neutral + negative) × 100, in %.
    pub positive_share: Option<f64>,
    /// neutral / rated × 100, in %.
    pub neutral_share: Option<f64>,
    /// negative / rated × 100, in %.
    pub negative_share: Option<f64>,
}

impl SentimentCounts {
    fn add(&mut self, s: Option<Sentiment>) {
        match s {
            Some(Sentiment::Positive) => self.positive += 1,
            Some(Sentiment::Neutral) => self.neutral += 1,
            Some(Sentiment::Negative) => self.negative += 1,
            None => self.unrated += 1,
        }
    }

    fn finish(mut self) -> Self {
        let rated = (self.positive + self.neutral + self.negative) as f64;
        self.positive_share = pct(self.positive as f64, rated);
        self.neutral_share = pct(self.neutral as f64, rated);
        self.negative_share = pct(self.negative as f64, rated);
        self
    }
}

/// Mentions of one period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MentionPeriod {
    /// Label: `2025-01-31`, `2025-W05`, `2025-01`, `2025-Q1` or `all`.
    pub period: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub mentions: u64,
    /// Σ reach of the mentions reporting it; `null` when none does.
    pub reach: Option<u64>,
    /// The period's mentions by tone; `null` when the files rate none.
    pub sentiment: Option<SentimentCounts>,
}

/// Mentions from one source.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SourceRow {
    /// The source as first written (sources are grouped without case);
    /// `null` for mentions whose source is not stated.
    pub source: Option<String>,
    pub mentions: u64,
    /// Σ reach of the mentions reporting it.
    pub reach: Option<u64>,
    /// mentions / total × 100, in %.
    pub share: Option<f64>,
}

/// One brand's share of voice.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct VoiceRow {
    pub brand: String,
    /// Mentions whose text names the brand.
    pub mentions: u64,
    /// mentions / Σ every brand's mentions × 100, in %; `null` when no
    /// mention names any brand.
    pub share: Option<f64>,
    /// Σ reach of those mentions.
    pub reach: Option<u64>,
}

/// The figures of a set of mentions.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MentionFigures {
    pub total: u64,
    /// Σ reach of the mentions reporting it; `null` when none does.
    pub reach: Option<u64>,
    /// Mentions without a date (counted in `total`, in no period).
    pub undated: u64,
    pub by_period: Vec<MentionPeriod>,
    /// Most mentions first.
    pub by_source: Vec<SourceRow>,
    /// By tone; `null` when the files have no tone column.
    pub sentiment: Option<SentimentCounts>,
    /// One row per `--brand`, in the order given; empty without brands.
    pub share_of_voice: Vec<VoiceRow>,
    /// Of the mentions, those naming none of the brands (0 without brands).
    pub naming_no_brand: u64,
}

fn add_reach(acc: Option<u64>, v: Option<u64>) -> Option<u64> {
    match v {
        Some(x) => Some(acc.unwrap_or(0).saturating_add(x)),
        None => acc,
    }
}

/// Consecutive spans from the one holding `first` to the one holding `last`.
fn spans(period: Period, first: NaiveDate, last: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    if period == Period::All {
        return vec![(first, last)];
    }
    let mut out = Vec::new();
    let mut s = period.span_of(first);
    loop {
        out.push((s.start, s.end));
        if s.end >= last {
            break;
        }
        s = period.span_of(s.end + Duration::days(1));
    }
    out
}

/// The figures of `mentions`: by `period`, by source, by tone (when
/// `rated`: the files have a tone column) and each brand's share of voice.
pub fn mention_figures(
    mentions: &[Mention],
    period: Period,
    rated: bool,
    brands: &[Brand],
) -> MentionFigures {
    let dates: Vec<NaiveDate> = mentions
        .iter()
        .filter_map(|m| m.published_at.map(|t| t.local.date()))
        .collect();
    let mut by_period: Vec<MentionPeriod> = match (dates.iter().min(), dates.iter().max()) {
        (Some(&a), Some(&b)) => spans(period, a, b)
            .into_iter()
            .map(|(start, end)| MentionPeriod {
                period: period.label(super::periods::Span { start, end }),
                start,
                end,
                mentions: 0,
                reach: None,
                sentiment: rated.then(SentimentCounts::default),
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut sentiment = rated.then(SentimentCounts::default);
    let mut sources: Vec<SourceRow> = Vec::new();
    let mut source_keys: std::collections::HashMap<Option<String>, usize> = Default::default();
    let mut voice: Vec<VoiceRow> = brands
        .iter()
        .map(|b| VoiceRow {
            brand: b.name.clone(),
            mentions: 0,
            share: None,
            reach: None,
        })
        .collect();
    let (mut reach, mut undated, mut naming_no_brand) = (None, 0u64, 0u64);
    for m in mentions {
        reach = add_reach(reach, m.reach);
        if let Some(s) = sentiment.as_mut() {
            s.add(m.sentiment);
        }
        match m.published_at.map(|t| t.local.date()) {
            Some(d) => {
                let i = by_period.partition_point(|p| p.end < d);
                if let Some(p) = by_period.get_mut(i) {
                    p.mentions += 1;
                    p.reach = add_reach(p.reach, m.reach);
                    if let Some(s) = p.sentiment.as_mut() {
                        s.add(m.sentiment);
                    }
                }
            }
            None => undated += 1,
        }
        let key = m.source.as_deref().map(fold).filter(|k| !k.is_empty());
        let i = match source_keys.get(&key) {
            Some(&i) => i,
            None => {
                source_keys.insert(key.clone(), sources.len());
                sources.push(SourceRow {
                    source: key
                        .as_ref()
                        .and(m.source.as_deref().map(|s| s.trim().to_string())),
                    mentions: 0,
                    reach: None,
                    share: None,
                });
                sources.len() - 1
            }
        };
        sources[i].mentions += 1;
        sources[i].reach = add_reach(sources[i].reach, m.reach);
        if !brands.is_empty() {
            let text = m.text.as_deref().map(fold).unwrap_or_default();
            let mut named = false;
            for (b, v) in brands.iter().zip(voice.iter_mut()) {
                if b.named_in(&text) {
                    named = true;
                    v.mentions += 1;
                    v.reach = add_reach(v.reach, m.reach);
                }
            }
            if !named {
                naming_no_brand += 1;
            }
        }
    }
    let total = mentions.len() as u64;
    for s in &mut sources {
        s.share = pct(s.mentions as f64, total as f64);
    }
    // Most mentions first; unnamed sources last; then by name.
    sources.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(a.source.is_none().cmp(&b.source.is_none()))
            .then(a.source.cmp(&b.source))
    });
    let all_brands: u64 = voice.iter().map(|v| v.mentions).sum();
    for v in &mut voice {
        v.share = pct(v.mentions as f64, all_brands as f64);
    }
    for p in &mut by_period {
        p.sentiment = p.sentiment.take().map(SentimentCounts::finish);
    }
    MentionFigures {
        total,
        reach,
        undated,
        by_period,
        by_source: sources,
        sentiment: sentiment.map(SentimentCounts::finish),
        share_of_voice: voice,
        naming_no_brand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    fn m(
        date: Option<&str>,
        source: Option<&str>,
        text: &str,
        s: Option<Sentiment>,
        reach: Option<u64>,
    ) -> Mention {
        Mention {
            published_at: date.map(|d| {
                Timestamp::naive(
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .unwrap()
                        .and_hms_opt(12, 0, 0)
                        .unwrap(),
                )
            }),
            source: source.map(str::to_string),
            text: Some(text.to_string()),
            sentiment: s,
            reach,
            ..Default::default()
        }
    }

    use Sentiment::*;

    fn sample() -> Vec<Mention> {
        vec![
            m(
                Some("2025-01-10"),
                Some("VK"),
                "Кофейня на набережной — лучший раф",
                Some(Positive),
                Some(1000),
            ),
            m(
                Some("2025-01-20"),
                Some("vk"),
                "В кофейне у моря очередь",
                Some(Neutral),
                None,
            ),
            m(
                Some("2025-03-02"),
                Some("Telegram"),
                "Кофейня и Бариста-бар: сравнили",
                Some(Negative),
                Some(500),
            ),
            m(None, None, "ничего о брендах", None, Some(20)),
        ]
    }

    #[test]
    fn totals_periods_and_sources() {
        let f = mention_figures(&sample(), Period::Month, true, &[]);
        assert_eq!((f.total, f.reach, f.undated), (4, Some(1520), 1));
        // January, an empty February, March.
        let labels: Vec<&str> = f.by_period.iter().map(|p| p.period.as_str()).collect();
        assert_eq!(labels, ["2025-01", "2025-02", "2025-03"]);
        assert_eq!(f.by_period[0].mentions, 2);
        assert_eq!(f.by_period[0].reach, Some(1000));
        assert_eq!((f.by_period[1].mentions, f.by_period[1].reach), (0, None));
        assert_eq!(
            (f.by_period[2].mentions, f.by_period[2].reach),
            (1, Some(500))
        );
        // `VK` and `vk` are one source, named as first written.
        assert_eq!(f.by_source[0].source.as_deref(), Some("VK"));
        assert_eq!(
            (f.by_source[0].mentions, f.by_source[0].reach),
            (2, Some(1000))
        );
        assert_eq!(f.by_source[0].share, Some(50.0));
        assert_eq!(f.by_source[1].source.as_deref(), Some("Telegram"));
        assert_eq!(f.by_source[2].source, None, "unstated sources come last");
        assert_eq!(f.by_source[2].reach, Some(20));
    }

    #[test]
    fn tone_counts_and_shares_of_the_rated() {
        let f = mention_figures(&sample(), Period::Month, true, &[]);
        let s = f.sentiment.expect("rated");
        assert_eq!((s.positive, s.neutral, s.negative, s.unrated), (1, 1, 1, 1));
        // 1 of 3 rated each: 33.33…
        assert!((s.positive_share.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert!((s.negative_share.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert!((s.neutral_share.unwrap() - 100.0 / 3.0).abs() < 1e-9);
        let jan = f.by_period[0].sentiment.as_ref().unwrap();
        assert_eq!((jan.positive, jan.neutral, jan.negative), (1, 1, 0));
        assert_eq!(jan.negative_share, Some(0.0));
        let feb = f.by_period[1].sentiment.as_ref().unwrap();
        assert_eq!(feb.positive_share, None, "no rated mention: no share");
        assert!(mention_figures(&sample(), Period::Month, false, &[])
            .sentiment
            .is_none());
    }

    #[test]
    fn share_of_voice_counts_a_mention_for_each_brand_it_names() {
        let brands = [
            Brand::new("Кофейня", &["кофейн"]),
            Brand::new("Бариста-бар", &[]),
        ];
        let f = mention_figures(&sample(), Period::Month, true, &brands);
        // Кофейня: mentions 1, 2, 3; Бариста-бар: mention 3. 4 brand mentions.
        assert_eq!(f.share_of_voice[0].mentions, 3);
        assert_eq!(f.share_of_voice[0].share, Some(75.0));
        assert_eq!(f.share_of_voice[0].reach, Some(1500));
        assert_eq!(f.share_of_voice[1].mentions, 1);
        assert_eq!(f.share_of_voice[1].share, Some(25.0));
        assert_eq!(f.naming_no_brand, 1);
        let none = mention_figures(&sample(), Period::Month, true, &[Brand::new("Пепси", &[])]);
        assert_eq!(none.share_of_voice[0].mentions, 0);
        assert_eq!(
            none.share_of_voice[0].share, None,
            "no brand named: no share"
        );
        assert_eq!(none.naming_no_brand, 4);
    }

    #[test]
    fn a_brand_word_must_begin_a_word() {
        let cola = Brand::new("Cola", &[]);
        assert!(cola.named_in(&fold("I like COLA.")));
        assert!(cola.named_in(&fold("cola")));
        assert!(cola.named_in(&fold("(cola)")));
        assert!(!cola.named_in(&fold("pepsicola")));
        assert!(!cola.named_in(""));
        let yo = Brand::new("Ёлка", &[]);
        assert!(yo.named_in(&fold("наша елка лучше")), "ё is е");
        assert!(!Brand::new("  ", &[]).named_in("anything"));
        assert_eq!(Brand::new(" Name ", &[]).name, "Name");
    }

    #[test]
    fn periods_of_all_and_of_weeks() {
        let f = mention_figures(&sample(), Period::All, false, &[]);
        assert_eq!(f.by_period.len(), 1);
        assert_eq!(f.by_period[0].mentions, 3);
        assert_eq!(
            f.by_period[0].start,
            NaiveDate::from_ymd_opt(2025, 1, 10).unwrap()
        );
        assert_eq!(
            f.by_period[0].end,
            NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()
        );
        let w = mention_figures(&sample(), Period::Week, false, &[]);
        assert_eq!(w.by_period.first().unwrap().period, "2025-W02");
        assert_eq!(w.by_period.last().unwrap().period, "2025-W09");
        assert_eq!(w.by_period.iter().map(|p| p.mentions).sum::<u64>(), 3);
        let empty = mention_figures(&[], Period::Month, true, &[]);
        assert!(empty.by_period.is_empty());
        assert_eq!((empty.total, empty.reach), (0, None));
        assert_eq!(empty.sentiment.unwrap().positive_share, None);
    }
}
