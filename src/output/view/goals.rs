//! `goals` as a labelled document: one row per goal with a progress bar and
//! its status in words, then each goal's SMART warnings.

use super::{s, Doc, Section};
use crate::doc::figures::{is_count, is_rate};
use crate::doc::goals::sources::InputFile;
use crate::doc::goals::{GoalRow, GoalsDoc};
use crate::metrics::goals::{Direction, Status, Warning, UNREALISTIC};
use crate::metrics::periods::Period;
use crate::output::{decimal, fmt_count, fmt_num, fmt_pct, fmt_pp, Lang};

/// Cells of a progress bar.
const BAR: usize = 10;

/// `████████░░ 80 %`: the share of the way from baseline to target, the bar
/// clamped to 0–100 %, the number as it is.
pub fn progress_bar(progress: Option<f64>, l: Lang) -> String {
    let Some(p) = progress.filter(|p| p.is_finite()) else {
        return "—".to_string();
    };
    let filled = ((p.clamp(0.0, 100.0) / 100.0) * BAR as f64).round() as usize;
    format!(
        "{}{} {} %",
        "█".repeat(filled),
        "░".repeat(BAR - filled),
        decimal(p, 0, l)
    )
}

/// A goal's status in words.
pub fn status_label(st: Status, l: Lang) -> &'static str {
    match st {
        Status::Achieved => l.pick("achieved", "достигнута"),
        Status::Missed => l.pick("missed", "не достигнута"),
        Status::OnTrack => l.pick("on track", "идёт по плану"),
        Status::AtRisk => l.pick("at risk", "под угрозой"),
        Status::NoData => l.pick("no data", "нет данных"),
    }
}

/// A metric's value: rates in %, counts grouped, means with a decimal.
pub fn fmt_value(metric: &str, v: Option<f64>, l: Lang) -> String {
    match v {
        None => "—".to_string(),
        Some(x) if is_rate(metric) => fmt_pct(Some(x), l),
        Some(x) if is_count(metric) && x >= 0.0 && x.fract() == 0.0 => fmt_count(Some(x as u64), l),
        Some(x) => fmt_num(Some(x), l),
    }
}

/// A change per period: percentage points for rates, a signed number else.
pub fn fmt_change(metric: &str, v: Option<f64>, l: Lang) -> String {
    match v.filter(|x| x.is_finite()) {
        None => "—".to_string(),
        Some(x) if is_rate(metric) => fmt_pp(Some(x), l),
        Some(x) if is_count(metric) && x.fract() == 0.0 && x.abs() < 9.0e15 => {
            let whole = fmt_count(Some(x.abs() as u64), l);
            match x {
                x if x > 0.0 => format!("+{whole}"),
                x if x < 0.0 => format!("-{whole}"),
                _ => whole,
            }
        }
        Some(x) if x > 0.0 => format!("+{}", fmt_num(Some(x), l)),
        Some(x) => fmt_num(Some(x), l),
    }
}

fn per(p: Period, l: Lang) -> &'static str {
    match p {
        Period::Day => l.pick("day", "день"),
        Period::Week => l.pick("week", "неделю"),
        Period::Month => l.pick("month", "месяц"),
        Period::Quarter => l.pick("quarter", "квартал"),
        Period::All => l.pick("period", "период"),
    }
}

fn warning_label(w: Warning, g: &GoalRow, index: usize, l: Lang) -> String {
    match l {
        Lang::En => g.warnings.get(index).cloned().unwrap_or_default(),
        Lang::Ru => match w {
            Warning::TargetNotBeyondBaseline => format!(
                "цель {} не {} базового уровня {}: достигать нечего",
                fmt_value(&g.metric, Some(g.target), l),
                match g.direction {
                    Direction::Increase => "выше",
                    Direction::Decrease => "ниже",
                },
                fmt_value(&g.metric, g.baseline, l)
            ),
            Warning::DeadlinePassed => format!("срок {} прошёл", g.deadline),
            Warning::NoData => format!(
                "нет данных для {}: {}",
                g.metric,
                g.warnings
                    .get(index)
                    .and_then(|t| t.split_once(": ").map(|(_, r)| r.to_string()))
                    .unwrap_or_default()
            ),
            Warning::PaceUnrealistic => format!(
                "нужный темп ({} за {p}) более чем в {} раза выше лучшего изменения ({} за {p}): по истории недостижимо",
                fmt_change(&g.metric, g.pace_needed, l),
                decimal(UNREALISTIC, 0, l),
                fmt_change(&g.metric, g.best_change, l),
                p = per(g.period, l)
            ),
        },
    }
}

fn file_line(f: &InputFile, l: Lang) -> String {
    let kind = match f.kind {
        "activity_log" => l.pick("activity log", "журнал активности"),
        _ => l.pick("posts", "публикации"),
    };
    match &f.platform {
        Some(p) => format!("{} ({kind}, {p})", f.path),
        None => format!("{} ({kind})", f.path),
    }
}

/// `smmkpi goals` as a labelled document.
pub fn doc(d: &GoalsDoc, l: Lang) -> Doc {
    let files: Vec<String> = d.input.files.iter().map(|f| file_line(f, l)).collect();
    let lines = vec![
        format!(
            "{}: {} · {}: {}",
            l.pick("Goals file", "Файл целей"),
            d.input.goals_file,
            l.pick("as of", "на дату"),
            d.as_of
        ),
        format!("{}: {}", l.pick("Files", "Файлы"), files.join(", ")),
        s(l.pick(
            "Progress = (current − baseline) / (target − baseline) × 100; projected: a straight line through the values at the deadline",
            "Прогресс = (текущее − базовое) / (цель − базовое) × 100; прогноз: прямая по значениям на дату срока",
        )),
    ];
    let rows = d
        .goals
        .iter()
        .map(|g| {
            let m = g.metric.as_str();
            vec![
                g.name.clone(),
                format!("{m} ({})", per(g.period, l)),
                fmt_value(m, g.baseline, l),
                fmt_value(m, g.current, l),
                fmt_value(m, Some(g.target), l),
                g.deadline.to_string(),
                progress_bar(g.progress, l),
                fmt_change(m, g.pace_needed, l),
                fmt_change(m, g.pace_actual, l),
                fmt_value(m, g.projected, l),
                s(status_label(g.status, l)),
            ]
        })
        .collect();
    let mut sections = vec![Section {
        title: s(l.pick("Goals", "Цели")),
        headers: vec![
            s(l.pick("Goal", "Цель")),
            s(l.pick("Metric", "Показатель")),
            s(l.pick("Baseline", "База")),
            s(l.pick("Current", "Сейчас")),
            s(l.pick("Target", "Цель")),
            s(l.pick("Deadline", "Срок")),
            s(l.pick("Progress", "Прогресс")),
            s(l.pick("Pace needed", "Нужный темп")),
            s(l.pick("Pace so far", "Темп сейчас")),
            s(l.pick("Projected", "Прогноз")),
            s(l.pick("Status", "Статус")),
        ],
        rows,
        numeric: vec![2, 3, 4, 7, 8, 9],
    }];
    let warnings: Vec<Vec<String>> = d
        .goals
        .iter()
        .flat_map(|g| {
            g.warning_codes
                .iter()
                .enumerate()
                .map(move |(i, w)| vec![g.name.clone(), warning_label(*w, g, i, l)])
        })
        .collect();
    if !warnings.is_empty() {
        sections.push(Section {
            title: s(l.pick("SMART checks", "Проверка SMART")),
            headers: vec![
                s(l.pick("Goal", "Цель")),
                s(l.pick("Warning", "Предупреждение")),
            ],
            rows: warnings,
            numeric: vec![],
        });
    }
    Doc {
        title: s(l.pick("Goals", "Цели")),
        lines,
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_a_tenth_a_cell_and_stop_at_the_ends() {
        assert_eq!(progress_bar(Some(80.0), Lang::En), "████████░░ 80 %");
        assert_eq!(progress_bar(Some(-20.0), Lang::En), "░░░░░░░░░░ -20 %");
        assert_eq!(progress_bar(Some(150.0), Lang::Ru), "██████████ 150 %");
        assert_eq!(progress_bar(None, Lang::En), "—");
    }

    #[test]
    fn values_read_as_their_metric() {
        assert_eq!(fmt_value("reach", Some(15000.0), Lang::En), "15,000");
        assert_eq!(fmt_value("er", Some(3.456), Lang::En), "3.46 %");
        assert_eq!(fmt_value("reach_mean", Some(1875.0), Lang::En), "1,875.0");
        assert_eq!(fmt_change("reach", Some(1000.0 / 3.0), Lang::En), "+333.3");
        assert_eq!(fmt_change("er", Some(-0.5), Lang::Ru), "-0,50 п.п.");
        assert_eq!(fmt_change("reach", Some(9611.0), Lang::En), "+9,611");
        assert_eq!(fmt_change("posts", Some(-2.0), Lang::En), "-2");
        assert_eq!(fmt_change("posts", Some(0.0), Lang::En), "0");
    }
}
