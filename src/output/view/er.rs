//! `er` as a labelled document.

use super::report::{rate_formula, rate_label};
use super::{band_label, field_label, s, Doc, Section};
use crate::metrics::{PostFigures, RateName};
use crate::output::{fmt_count, fmt_pct, Lang};

/// `smmkpi er` as a labelled document.
pub fn doc(f: &PostFigures, lang: Lang) -> Doc {
    let l = lang;
    let inter: Vec<&str> = f
        .interaction_fields
        .iter()
        .map(|c| field_label(c.name(), l))
        .collect();
    let i = l.pick("interactions", "взаимодействия");
    let rate_row = |r: RateName, v: Option<f64>| {
        let formula = match r {
            // One post: no sums.
            RateName::ErImpressions => format!(
                "({i} + {}) / {} × 100",
                field_label("link_clicks", l),
                l.pick("impressions (else views)", "показы (иначе просмотры)")
            ),
            _ => rate_formula(r, l).replace("Σ ", ""),
        };
        vec![s(rate_label(r, l)), fmt_pct(v, l), formula]
    };
    let rows = vec![
        vec![
            s(l.pick("Interactions", "Взаимодействия")),
            fmt_count(f.interactions, l),
            inter.join(" + "),
        ],
        vec![
            format!("ER ({})", field_label(f.basis.name(), l)),
            fmt_pct(f.er, l),
            format!("{i} / {} × 100", field_label(f.basis.name(), l)),
        ],
        vec![
            s(l.pick("ER by reach", "ER по охвату")),
            fmt_pct(f.er_reach, l),
            format!("{i} / {} × 100", field_label("reach", l)),
        ],
        vec![
            s(l.pick("ER by followers", "ER по подписчикам")),
            fmt_pct(f.er_followers, l),
            format!("{i} / {} × 100", field_label("followers", l)),
        ],
        vec![
            s(l.pick("ER by views", "ER по просмотрам")),
            fmt_pct(f.er_views, l),
            format!("{i} / {} × 100", field_label("views", l)),
        ],
        vec![
            s("CTR"),
            fmt_pct(f.ctr, l),
            format!(
                "{} / {} × 100",
                field_label("link_clicks", l),
                field_label("reach", l)
            ),
        ],
        rate_row(RateName::ReachRate, f.reach_rate),
        rate_row(RateName::LoveRate, f.love_rate),
        rate_row(RateName::TalkRate, f.talk_rate),
        rate_row(RateName::AmplificationRate, f.amplification_rate),
        rate_row(RateName::ViralityRate, f.virality_rate),
        rate_row(RateName::ErImpressions, f.er_impressions),
        vec![
            s(l.pick("Band", "Уровень")),
            band_label(f.band, l),
            format!("{}: {} %", l.pick("target ER", "целевой ER"), f.target_er),
        ],
    ];
    Doc {
        title: s(l.pick("Engagement rate of one post", "ER одной публикации")),
        lines: Vec::new(),
        sections: vec![Section {
            title: String::new(),
            headers: vec![
                s(l.pick("Metric", "Показатель")),
                s(l.pick("Value", "Значение")),
                s(l.pick("Formula", "Формула")),
            ],
            rows,
            numeric: vec![1],
        }],
    }
}
