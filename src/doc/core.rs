//! The `core` command's document: what was read, the rule (N actions in each
//! of M months ending at the as-of month), and every figure. It streams the
//! per-(user, month) counts through [`CoreBuilder`] once; renderers only
//! format the result.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::activity::counts::INTERNED;
use crate::input::activity::ActivityData;
use crate::metrics::core::{CoreAtN, CoreBuilder, CoreParams, Distribution, MonthRow, Window};
use crate::model::{ActionCount, ActivityFile, Month, Skip};

pub const SCHEMA: &str = "smmkpi.core/1";

/// What was read and what was left out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CoreInput {
    /// Input paths as given (`<stdin>` for `-`).
    pub files: Vec<String>,
    /// Per file: format, encoding, delimiter, header line, columns, counts, notes.
    pub details: Vec<ActivityFile>,
    /// Rows (messages and reactions for Telegram) read:
    /// rows_read = actions + filtered_out + skipped_count.
    pub rows_read: u64,
    /// Rows counted as actions.
    pub actions: u64,
    /// Rows whose action `--actions` leaves out.
    pub filtered_out: u64,
    /// Rows skipped, in all.
    pub skipped_count: u64,
    /// Rows skipped, by reason: `empty_row`, `short_row`, `no_user`,
    /// `no_date`, `bad_date`, `date_out_of_range`.
    pub skipped_by_reason: BTreeMap<&'static str, u64>,
    /// The first skipped rows of each file (up to 100), with line and reason.
    pub skipped: Vec<Skip>,
}

/// The whole `core` document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CoreDoc {
    pub schema: &'static str,
    pub input: CoreInput,
    /// Users with ≥ `min_actions` actions in each of the `months` months of
    /// `window`; `null` when the window is not within the data's months.
    pub core_size: Option<u64>,
    /// N: least actions in a month.
    pub min_actions: u32,
    /// M: consecutive months.
    pub months: u32,
    /// Last month of the window (`--as-of`, else the latest month in the
    /// data); `null` when there is no data and no `--as-of`.
    pub as_of: Option<Month>,
    pub window: Option<Window>,
    /// The first and last month with an action; `null` without actions.
    pub data_months: Option<DataMonths>,
    /// `--actions`, lower-cased; `null` = every action counts.
    pub actions_filter: Option<Vec<String>>,
    /// Each action value seen (with a valid user and time), most frequent first.
    pub action_values: Vec<ActionCount>,
    /// Distinct users with at least one action counted.
    pub users: u64,
    /// core_size / users × 100.
    pub core_share: Option<f64>,
    pub monthly: Vec<MonthRow>,
    pub distribution: Distribution,
    pub core_by_min_actions: Vec<CoreAtN>,
    /// The core's user ids (numeric ids in numeric order, then the others
    /// sorted), filled when asked for.
    #[serde(skip)]
    pub members: Vec<String>,
}

/// The months the data covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DataMonths {
    pub first: Month,
    pub last: Month,
}

/// The rule and what to collect.
#[derive(Debug, Clone)]
pub struct CoreSpec {
    pub min_actions: u32,
    pub months: u32,
    /// `--as-of`; `None` = the latest month in the data.
    pub as_of: Option<Month>,
    pub actions_filter: Option<Vec<String>>,
    /// Collect the core's user ids.
    pub members: bool,
}

/// Builds the document from what was read.
pub fn build(data: ActivityData, spec: &CoreSpec) -> CoreDoc {
    let range = data.counts.months();
    let as_of = spec.as_of.or(range.map(|(_, last)| last));
    let params = CoreParams {
        min_actions: spec.min_actions,
        months: spec.months,
        as_of: as_of.unwrap_or(Month(0)),
    };
    // Without data the builder gets an empty range: no months, no core.
    let (first, last) = range.unwrap_or((Month(1), Month(0)));
    // Users are folded in pieces on every core, each piece with a builder of its own.
    let pieces = data.counts.fold_users(
        4 * rayon::current_num_threads(),
        || (CoreBuilder::new(params, first, last), Vec::new()),
        |(builder, members), user, months| {
            if builder.add_user(months) && spec.members {
                members.push(user);
            }
        },
    );
    let mut builder = CoreBuilder::new(params, first, last);
    let mut numeric = Vec::new();
    let mut named = Vec::new();
    for (piece, members) in pieces {
        builder.absorb(piece);
        for user in members {
            if user < INTERNED {
                numeric.push(user.to_string());
            } else {
                named.push(data.counts.user_id(user));
            }
        }
    }
    named.sort();
    numeric.extend(named);
    let f = builder.finish();
    let input = CoreInput {
        files: data.files.iter().map(|f| f.path.clone()).collect(),
        rows_read: data.rows_read(),
        actions: data.actions(),
        filtered_out: data.filtered_out(),
        skipped_count: data.skipped_total(),
        skipped_by_reason: data.skipped_by_reason,
        skipped: data.skipped,
        details: data.files,
    };
    CoreDoc {
        schema: SCHEMA,
        input,
        core_size: f.core_size,
        min_actions: spec.min_actions,
        months: spec.months,
        as_of,
        window: as_of.map(|_| f.window),
        data_months: range.map(|(first, last)| DataMonths { first, last }),
        actions_filter: spec
            .actions_filter
            .as_ref()
            .map(|a| a.iter().map(|s| s.trim().to_lowercase()).collect()),
        action_values: data.action_values,
        users: f.users,
        core_share: f
            .core_size
            .and_then(|c| crate::metrics::pct(c as f64, f.users as f64)),
        monthly: f.monthly,
        distribution: f.distribution,
        core_by_min_actions: f.core_by_min_actions,
        members: numeric,
    }
}
