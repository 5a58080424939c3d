//! `smmkpi er`: ER (and CTR) of one post from flags.

use anyhow::Result;

use super::{render_doc, Outcome};
use crate::cli::{ErArgs, Format};
use crate::env::Env;
use crate::metrics::{self, Aggregate, MetricConfig};
use crate::model::Post;
use crate::options::{self, unsupported};
use crate::output::{view, Json, Render};

pub fn run(a: ErArgs, env: &Env) -> Result<Outcome> {
    let post = Post {
        reach: a.reach,
        views: a.views,
        impressions: a.impressions,
        followers: a.followers,
        likes: a.likes,
        comments: a.comments,
        reposts: a.reposts,
        saves: a.saves,
        poll_votes: a.polls,
        link_clicks: a.clicks,
        ..Default::default()
    };
    let s = options::metric_settings(&a.metric, Aggregate::Mean)?;
    let cfg = MetricConfig {
        basis: metrics::resolve_basis(std::slice::from_ref(&post), s.basis),
        interactions: s.interactions,
        aggregate: Aggregate::Mean,
        headline: None,
        target_er: s.target_er,
    };
    let fig = metrics::post_figures(&post, &cfg);
    let lang = options::lang(a.lang, env);
    let output = match a.format {
        Format::Json => Json.render(&fig)?,
        Format::Table | Format::Md => render_doc(a.format, &view::er::doc(&fig, lang), env)?,
        other => return Err(unsupported("er", other, "table, json or md")),
    };
    let mut warnings = Vec::new();
    if fig.interactions.is_none() {
        warnings.push(
            "note: no interactions given (--likes, --comments, --reposts, --polls, --saves)"
                .to_string(),
        );
    }
    Ok(Outcome {
        stream: None,
        output,
        path: None,
        warnings,
    })
}
