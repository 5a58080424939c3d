//! What a file is, decided in one place for every read path (a file read
//! whole, a large file streamed, a spreadsheet): its container from the
//! first bytes (a spreadsheet, JSON, delimited text, or nothing readable),
//! the kind of export its first rows make (posts, a daily series, web
//! analytics, ads, demographics), the platform its headers name, and their
//! language.

use serde_json::Value;

use super::aliases::{map_headers, normalize};
use super::dataset::ReadOptions;
use super::layout::MAX_PREAMBLE_ROWS;
use super::text::{self, Row};
use super::{ads, describe, series, telegram, vk, web};
use crate::model::{Field, Mapping};

/// Whether bytes begin as a spreadsheet does (XLSX/ODS zip, or the old
/// binary XLS).
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0")
}

/// What decoded text is, from its start (after any BOM and blank space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Nothing but blank space.
    Empty,
    /// Control characters: a binary file, not an export.
    Binary,
    /// A JSON document (Telegram Desktop, VK API).
    Json,
    /// Delimited text: a table.
    Table,
}

/// The start of decoded text, past a BOM and blank space.
pub fn text_start(text: &str) -> &str {
    text.trim_start_matches('\u{feff}').trim_start()
}

/// What the text starting at `first` (see [`text_start`]) is.
pub fn text_kind(first: &str) -> TextKind {
    if first.is_empty() {
        TextKind::Empty
    } else if text::looks_binary(first) {
        TextKind::Binary
    } else if first.starts_with(['{', '[']) {
        TextKind::Json
    } else {
        TextKind::Table
    }
}

/// What a JSON document is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonKind {
    /// A Telegram Desktop channel export (`messages`).
    Telegram,
    /// A Telegram Desktop full-data export (`chats.list`, `left_chats.list`).
    TelegramFull,
    /// A VK API response.
    Vk(vk::Shape),
    /// Nothing smmkpi reads, with what to tell the user.
    Unknown(String),
}

/// What a JSON document is, by its shape.
pub fn json_kind(doc: &Value) -> JsonKind {
    if doc.get("messages").is_some_and(Value::is_array) {
        return JsonKind::Telegram;
    }
    if telegram::is_full_export(doc) {
        return JsonKind::TelegramFull;
    }
    // Comments carry a date and an author as posts do: never read as a wall.
    if describe::is_vk_comments(doc) {
        return JsonKind::Unknown(describe::unknown_json(doc));
    }
    if let Some(shape) = vk::detect(doc) {
        return JsonKind::Vk(shape);
    }
    JsonKind::Unknown(describe::unknown_json(doc))
}

/// How much a row reads as a header of anything smmkpi reads: the post
/// figures, web-analytics figures or daily-series columns it names, whichever
/// are the most.
pub fn header_score(cells: &[String], opts: &ReadOptions) -> usize {
    let posts = map_headers(cells, &opts.maps).count_fields();
    let web = cells.iter().filter(|c| web::web_field(c).is_some()).count();
    let series = cells
        .iter()
        .filter(|c| series::metric_of_column(c).is_some())
        .count();
    posts.max(web).max(series)
}

/// Finds the header: the row among the first ones that maps the most count fields.
fn find_header(rows: &[Row], maps: &[(Field, String)]) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping, usize)> = None;
    for (i, row) in rows.iter().take(MAX_PREAMBLE_ROWS).enumerate() {
        let m = map_headers(&row.cells, maps);
        let score = m.count_fields();
        if score > 0 && best.as_ref().is_none_or(|b| score > b.2) {
            best = Some((i, m, score));
        }
    }
    best.map(|(i, m, _)| (i, m))
}

/// Guesses the exporting platform from the header names. Meta Business
/// Suite's post exports say which network by their account column:
/// Instagram names the account's username, Facebook the Page.
pub fn platform_of(headers: &[String]) -> &'static str {
    let h: Vec<String> = headers.iter().map(|s| normalize(s)).collect();
    let any = |xs: &[&str]| xs.iter().any(|x| h.iter().any(|v| v == x));
    let meta_id = any(&[
        "post id",
        "video asset id",
        "identificador de la publicación",
        "identificador da publicação",
        "identificação da publicação",
        "id da publicação",
        "id публикации",
        "идентификатор публикации",
    ]);
    let meta_shape = any(&[
        "permalink",
        "enlace permanente",
        "link permanente",
        "постоянная ссылка",
        "data comment",
        "comentario sobre los datos",
        "comentário sobre os dados",
        "комментарий к данным",
    ]);
    if let Some(p) = platform_of_words(&any) {
        return p;
    }
    if meta_id && meta_shape {
        if any(&[
            "account username",
            "nombre de usuario de la cuenta",
            "nome de usuário da conta",
            "имя пользователя аккаунта",
        ]) {
            "instagram"
        } else if any(&[
            "page name",
            "page id",
            "nombre de la página",
            "nome da página",
            "название страницы",
            "id страницы",
        ]) {
            "facebook"
        } else {
            "meta"
        }
    } else if any(&["content"]) && any(&["video publish time", "video title"]) {
        "youtube"
    } else if (any(&["video link"]) && any(&["post time"]))
        || (any(&["video views"]) && any(&["profile views"]))
        || any(&[
            "difference in followers from previous day",
            "reached audience",
            "engaged audience",
            "returning viewers",
            "active followers",
            "top territories",
            "distribution",
        ])
    {
        "tiktok"
    } else {
        "generic"
    }
}

/// Platforms whose exports name columns no other export does: X, LinkedIn,
/// Pinterest, Threads, and the Russian networks (VK community statistics,
/// Odnoklassniki, Dzen).
fn platform_of_words(any: &dyn Fn(&[&str]) -> bool) -> Option<&'static str> {
    if any(&[
        "tweet id",
        "tweet permalink",
        "tweet text",
        "detail expands",
        "permalink clicks",
        "hashtag clicks",
        "user profile clicks",
    ]) {
        Some("x")
    } else if any(&["post title", "post link", "update title"])
        && any(&[
            "posted by",
            "published by",
            "campaign name",
            "audience",
            "created date",
        ])
    {
        Some("linkedin")
    } else if any(&["pin id", "pin title", "pin description", "pin created at"])
        || any(&["outbound clicks"]) && any(&["pin clicks"])
    {
        Some("pinterest")
    } else if any(&["quotes"]) && any(&["replies", "reposts"]) {
        Some("threads")
    } else if any(&["классы", "класс"]) {
        Some("ok")
    } else if any(&["дочитывания", "дочитываний"]) {
        Some("dzen")
    } else if any(&[
        "полный охват",
        "охват подписчиков",
        "виральный охват",
        "рекламный охват",
        "вступившие",
        "вышедшие",
    ]) {
        Some("vk")
    } else {
        None
    }
}

/// The platform the links of a table point to (`https://rutube.ru/video/...`
/// in a Rutube export's link column): for exports whose headers name no
/// platform. The first rows decide; `None` when they hold no such link, or
/// links to several platforms.
pub fn platform_of_links(rows: &[Row]) -> Option<&'static str> {
    const HOSTS: &[(&str, &str)] = &[
        ("rutube.ru", "rutube"),
        ("dzen.ru", "dzen"),
        ("zen.yandex.ru", "dzen"),
        ("ok.ru", "ok"),
        ("vk.com", "vk"),
        ("vk.ru", "vk"),
        ("vkvideo.ru", "vk"),
        ("t.me", "telegram"),
        ("linkedin.com", "linkedin"),
        ("pinterest.", "pinterest"),
        ("pin.it", "pinterest"),
        ("threads.net", "threads"),
        ("threads.com", "threads"),
        ("x.com", "x"),
        ("twitter.com", "x"),
        ("youtube.com", "youtube"),
        ("youtu.be", "youtube"),
        ("tiktok.com", "tiktok"),
        ("instagram.com", "instagram"),
        ("facebook.com", "facebook"),
    ];
    let mut found: Option<&'static str> = None;
    for cell in rows.iter().take(50).flat_map(|r| r.cells.iter()) {
        let c = cell.trim();
        let Some(rest) = c
            .strip_prefix("https://")
            .or_else(|| c.strip_prefix("http://"))
        else {
            continue;
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.strip_prefix("www.").unwrap_or(host);
        let host = host.strip_prefix("m.").unwrap_or(host);
        let Some(&(_, p)) = HOSTS.iter().find(|(h, _)| {
            host == *h
                || host.starts_with(h) && h.ends_with('.')
                || host.ends_with(&format!(".{h}"))
        }) else {
            continue;
        };
        match found {
            None => found = Some(p),
            Some(q) if q != p => return None,
            _ => {}
        }
    }
    found
}

/// Headers of audience demographics (TikTok's follower gender, territories,
/// activity by hour): recognised so they are named, not used.
fn is_demographics(headers: &[String]) -> bool {
    headers.iter().any(|h| {
        matches!(
            normalize(h).as_str(),
            "distribution" | "active followers" | "top territories" | "gender" | "age"
        )
    })
}

/// The language of a header row: Cyrillic is Russian; a few words tell
/// Spanish and Portuguese apart; plain ASCII is English.
pub fn locale_of(headers: &[String]) -> Option<&'static str> {
    let text: String = headers
        .iter()
        .map(|h| normalize(h))
        .collect::<Vec<_>>()
        .join(" ");
    if text.trim().is_empty() {
        return None;
    }
    if text.chars().any(|c| ('а'..='я').contains(&c)) {
        return Some("ru");
    }
    let words: Vec<&str> = text.split(' ').collect();
    let has = |ws: &[&str]| ws.iter().any(|w| words.contains(w));
    if has(&[
        "publicación",
        "alcance",
        "gusta",
        "fecha",
        "visualizaciones",
        "comentarios",
        "veces",
        "compartió",
        "guardó",
        "sesiones",
        "usuarios",
    ]) && !has(&["publicação", "curtidas", "comentários", "visualizações"])
    {
        return Some("es");
    }
    if has(&[
        "publicação",
        "curtidas",
        "comentários",
        "visualizações",
        "compartilhamentos",
        "salvamentos",
        "sessões",
        "usuários",
    ]) {
        return Some("pt");
    }
    text.is_ascii().then_some("en")
}

/// What a file's first rows say it is.
pub enum Plan {
    /// Meta insights blocks (series or demographics).
    MetaBlocks,
    /// A web-analytics table with its header row.
    Web(usize, web::WebMapping),
    /// An ads export (spend per campaign, ad set or ad) with its header row.
    Ads(usize, ads::AdMapping),
    /// A table with its header row and mapping: a daily series or posts,
    /// told apart with its data rows.
    Table(usize, Mapping),
    /// Audience demographics, headed at this row.
    Demographics(usize),
    /// Nothing smmkpi knows.
    Unknown,
}

/// Decides what kind of export rows are, from the first of them.
pub fn plan(rows: &[Row], opts: &ReadOptions) -> Plan {
    if series::is_meta_insights(rows) {
        return Plan::MetaBlocks;
    }
    if let Some((hidx, m)) = ads::find_header(rows) {
        return Plan::Ads(hidx, m);
    }
    let post_score = |r: &Row| map_headers(&r.cells, &opts.maps).count_fields();
    if let Some((hidx, m)) = web::find_header(rows, post_score) {
        return Plan::Web(hidx, m);
    }
    let found = find_header(rows, &opts.maps).or_else(|| {
        // A daily table may have no post field at all (`Date, New followers`).
        rows.iter()
            .take(MAX_PREAMBLE_ROWS)
            .enumerate()
            .find_map(|(i, r)| {
                let m = map_headers(&r.cells, &opts.maps);
                series::detect_table(&r.cells, &m, &rows[i + 1..]).map(|_| (i, m))
            })
    });
    if let Some((hidx, mapping)) = found {
        return Plan::Table(hidx, mapping);
    }
    match rows
        .iter()
        .take(MAX_PREAMBLE_ROWS)
        .position(|r| is_demographics(&r.cells))
    {
        Some(i) => Plan::Demographics(i),
        None => Plan::Unknown,
    }
}

/// The header row and mapping when the first rows head a table of posts
/// (not a daily series), so the rest of the file can stream past.
pub fn posts_plan(rows: &[Row], opts: &ReadOptions) -> Option<(usize, Mapping)> {
    match plan(rows, opts) {
        Plan::Table(hidx, mapping)
            if series::detect_table(&rows[hidx].cells, &mapping, &rows[hidx + 1..]).is_none() =>
        {
            Some((hidx, mapping))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn rows(cells: &[&[&str]]) -> Vec<Row> {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| Row {
                line: i as u64 + 2,
                cells: hs(c),
            })
            .collect()
    }

    #[test]
    fn platforms_named_by_their_own_columns() {
        assert_eq!(platform_of(&hs(&["Tweet id", "time", "impressions"])), "x");
        assert_eq!(
            platform_of(&hs(&["Post id", "Date", "Impressions", "Detail Expands"])),
            "x"
        );
        assert_eq!(
            platform_of(&hs(&[
                "Post title",
                "Post link",
                "Posted by",
                "Impressions"
            ])),
            "linkedin"
        );
        assert_eq!(
            platform_of(&hs(&["Pin ID", "Impressions", "Saves"])),
            "pinterest"
        );
        assert_eq!(
            platform_of(&hs(&["Post", "Views", "Replies", "Reposts", "Quotes"])),
            "threads"
        );
        assert_eq!(platform_of(&hs(&["Дата", "Охват", "Классы"])), "ok");
        assert_eq!(
            platform_of(&hs(&["Название", "Показы", "Дочитывания"])),
            "dzen"
        );
        assert_eq!(
            platform_of(&hs(&["День", "Полный охват", "Вступившие"])),
            "vk"
        );
        assert_eq!(platform_of(&hs(&["Date", "Reach", "Likes"])), "generic");
    }

    #[test]
    fn platforms_told_by_the_links_of_a_table() {
        let r = rows(&[
            &["Видео", "https://rutube.ru/video/abc/", "10"],
            &["Видео 2", "https://rutube.ru/video/def/", "20"],
        ]);
        assert_eq!(platform_of_links(&r), Some("rutube"));
        let r = rows(&[&[
            "x",
            "https://www.linkedin.com/feed/update/urn:li:activity:1",
        ]]);
        assert_eq!(platform_of_links(&r), Some("linkedin"));
        let r = rows(&[
            &["https://m.vk.com/wall-1_2"],
            &["https://ok.ru/group/1/topic/2"],
        ]);
        assert_eq!(platform_of_links(&r), None, "two platforms: none");
        let r = rows(&[&["https://example.com/x"], &["no link"]]);
        assert_eq!(platform_of_links(&r), None);
        // A host that only ends like a known one is not it.
        let r = rows(&[&["https://notok.ru/page"]]);
        assert_eq!(platform_of_links(&r), None);
    }
}
