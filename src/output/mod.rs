//! Renderers: one per format, each turning a document into bytes. Only the
//! caller writes them to stdout or a file.
//!
//! Table and Markdown render the same [`view::Doc`] (labelled, formatted,
//! in the chosen language); JSON and CSV serialise the raw figures with
//! stable English names.

pub mod csv;
pub mod grid;
pub mod html;
pub mod markdown;
pub mod ndjson;
pub mod table;
pub mod view;
pub mod xlsx;

use serde::Serialize;

/// Language of labels in tables and Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    /// The label in this language.
    pub fn pick(self, en: &'static str, ru: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// From a `LANG`-style locale: `ru_RU.UTF-8` is Russian, anything else English.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("ru") => Lang::Ru,
            _ => Lang::En,
        }
    }
}

/// A renderer of one format for documents of type `D`.
pub trait Render<D: ?Sized> {
    fn render(&self, doc: &D) -> anyhow::Result<Vec<u8>>;
}

/// JSON: one pretty-printed document with a trailing newline.
pub struct Json;

impl Json {
    /// Writes the document into `w` as it is serialised: a report's posts
    /// are made into rows one at a time on the way (`doc::report::PostList`).
    pub fn write<D: Serialize + ?Sized>(
        &self,
        doc: &D,
        w: &mut dyn std::io::Write,
    ) -> anyhow::Result<()> {
        serde_json::to_writer_pretty(&mut *w, doc).map_err(std::io::Error::from)?;
        w.write_all(b"\n")?;
        Ok(())
    }
}

impl<D: Serialize + ?Sized> Render<D> for Json {
    fn render(&self, doc: &D) -> anyhow::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write(doc, &mut out)?;
        Ok(out)
    }
}

/// Formats a count with thousands grouping (`12,345` / `12 345`, a net
/// loss `-1,234`); `—` when not reported.
pub fn fmt_count<T: Into<i128>>(v: Option<T>, lang: Lang) -> String {
    let Some(v) = v else { return "—".to_string() };
    let v: i128 = v.into();
    let digits = v.unsigned_abs().to_string();
    let sep = lang.pick(",", "\u{a0}");
    let mut out = String::new();
    if v < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A decimal with `places` places and the language's decimal mark.
pub(crate) fn decimal(v: f64, places: usize, lang: Lang) -> String {
    let s = format!("{v:.places$}");
    match lang {
        Lang::En => s,
        Lang::Ru => s.replace('.', ","),
    }
}

/// A rate in %: `3.25 %`; `—` when undefined.
pub fn fmt_pct(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| format!("{} %", decimal(v, 2, lang)))
        .unwrap_or_else(|| "—".to_string())
}

/// A signed change in %: `+12.5 %`.
pub fn fmt_growth(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| {
        format!(
            "{}{} %",
            if v > 0.0 { "+" } else { "" },
            decimal(v, 1, lang)
        )
    })
    .unwrap_or_else(|| "—".to_string())
}

/// A change in percentage points: `+0.50 p.p.`.
pub fn fmt_pp(v: Option<f64>, lang: Lang) -> String {
    v.map(|v| {
        format!(
            "{}{} {}",
            if v > 0.0 { "+" } else { "" },
            decimal(v, 2, lang),
            lang.pick("p.p.", "п.п.")
        )
    })
    .unwrap_or_else(|| "—".to_string())
}

/// A decimal with one place and grouped thousands: mean reach and the like.
pub fn fmt_num(v: Option<f64>, lang: Lang) -> String {
    let Some(v) = v.filter(|v| v.is_finite()) else {
        return "—".to_string();
    };
    let tenths = (v.abs() * 10.0).round();
    let whole = fmt_count(Some((tenths / 10.0).trunc() as u64), lang);
    let frac = (tenths % 10.0) as u64;
    let sign = if v < 0.0 && tenths > 0.0 { "-" } else { "" };
    format!("{sign}{whole}{}{frac}", lang.pick(".", ","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_count(Some(1234567), Lang::En), "1,234,567");
        assert_eq!(fmt_count(Some(999), Lang::Ru), "999");
        assert_eq!(fmt_count(None::<u64>, Lang::En), "—");
        // A net loss keeps its sign before the grouped digits.
        assert_eq!(fmt_count(Some(-1234i64), Lang::En), "-1,234");
        assert_eq!(fmt_count(Some(-12i64), Lang::Ru), "-12");
        assert_eq!(fmt_pct(Some(3.0), Lang::En), "3.00 %");
        assert_eq!(fmt_pct(Some(3.25), Lang::Ru), "3,25 %");
        assert_eq!(fmt_growth(Some(12.345), Lang::En), "+12.3 %");
        assert_eq!(fmt_growth(Some(-5.0), Lang::En), "-5.0 %");
        assert_eq!(fmt_pp(Some(0.5), Lang::Ru), "+0,50 п.п.");
        assert_eq!(fmt_num(Some(1875.0), Lang::En), "1,875.0");
        assert_eq!(fmt_num(Some(1234.56), Lang::Ru), "1\u{a0}234,6");
        assert_eq!(fmt_num(Some(0.04), Lang::En), "0.0");
        assert_eq!(fmt_num(None, Lang::En), "—");
        assert_eq!(Lang::from_locale(Some("ru_RU.UTF-8")), Lang::Ru);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }
}
