//! Header aliases: the names real exports give each canonical
//! field, in English, Russian, Spanish and Portuguese. Matching ignores case,
//! spaces, punctuation and quotes, so `Отметки «Нравится»` and
//! `отметки "нравится"` are one header.

use crate::model::{Count, Field, Mapped, Mapping};

impl Field {
    /// Aliases, best first: when two headers of a file match one field, the
    /// one matching the earlier alias wins (`Views` over `Impressions`).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::Id => &[
                "post id",
                "id",
                "post_id",
                "content",
                "video id",
                "video link",
                "tweet id",
                "pin id",
                "id поста",
                "id публикации",
                "id записи",
                "идентификатор публикации",
                "идентификатор",
                "identificador de la publicación",
                "identificador da publicação",
                "identificador de publicación",
                "identificação da publicação",
                "id da publicação",
                "id видео",
                "video asset id",
                "permalink",
                "link",
                "url",
                "ссылка",
                "ссылка на пост",
                "ссылка на публикацию",
                "post link",
                "ссылка на видео",
                "ссылка на статью",
            ],
            Field::PublishedAt => &[
                "publish time",
                "published at",
                "published",
                "video publish time",
                "post time",
                "publish date",
                "posted",
                "posted at",
                "date posted",
                "post date",
                "created",
                "created at",
                "created time",
                "created date",
                "pin created at",
                "pin created date",
                "date",
                "datetime",
                "time",
                "дата публикации",
                "время публикации",
                "дата и время публикации",
                "дата и время",
                "дата",
                "время",
                "опубликовано",
                "дата создания",
                "дата размещения",
                "hora de publicación",
                "fecha de publicación",
                "fecha",
                "horário de publicação",
                "data de publicação",
                "data",
            ],
            Field::Platform => &[
                "platform",
                "network",
                "social network",
                "платформа",
                "соцсеть",
                "площадка",
            ],
            Field::Account => &[
                "account username",
                "account",
                "page name",
                "account name",
                "channel",
                "page",
                "username",
                "аккаунт",
                "сообщество",
                "страница",
                "канал",
                "группа",
                "nombre de usuario de la cuenta",
                "nome de usuário da conta",
                "имя пользователя аккаунта",
                "название страницы",
                "nombre de la página",
                "nome da página",
                "название аккаунта",
                "nombre de la cuenta",
                "nome da conta",
            ],
            Field::Type => &[
                "post type",
                "type",
                "content type",
                "media type",
                "format",
                "тип",
                "тип публикации",
                "тип записи",
                "формат",
                "tipo de publicación",
                "tipo de publicação",
                "tipo",
            ],
            Field::Text => &[
                "text",
                "caption",
                "description",
                "message",
                "post text",
                "post",
                "video title",
                "tweet text",
                "post title",
                "pin title",
                "pin description",
                "title",
                "текст",
                "текст публикации",
                "текст записи",
                "описание",
                "подпись",
                "заголовок",
                "название",
                "название видео",
                "название публикации",
                "тема",
                "descripción",
                "descrição",
                "título",
                "titulo",
                "legenda",
            ],
            Field::Count(Count::Reach) => &[
                "reach",
                "post reach",
                "reach total",
                "total reach",
                "охват",
                "охват публикации",
                "охват записи",
                "охват подписчиков виральный",
                "общий охват",
                "alcance",
                "accounts reached",
                "unique reach",
                "unique viewers",
                "уникальные зрители",
            ],
            Field::Count(Count::Views) => &[
                "views",
                "total views",
                "video views",
                "views count",
                "post views",
                "plays",
                "просмотры",
                "просмотров",
                "просмотры публикации",
                "visualizaciones",
                "visualizações",
                "reproducciones",
                "impressions",
                "показы",
                "impresiones",
                "impressões",
            ],
            // Impressions apart from views: a column of these names is taken
            // as views when the file has no views column (Meta's and X's
            // `Impressions` are what the post's views are), and as
            // impressions when it has one (YouTube's thumbnail impressions).
            Field::Count(Count::Impressions) => &[
                "thumbnail impressions",
                "impressions",
                "показы",
                "показы миниатюры",
                "impresiones",
                "impressões",
            ],
            Field::Count(Count::Followers) => &[
                "followers",
                "followers count",
                "follower count",
                "подписчики",
                "подписчиков",
                "число подписчиков",
                "количество подписчиков",
                "seguidores",
                "audience size",
            ],
            Field::Count(Count::Likes) => &[
                "likes",
                "total likes",
                "likes count",
                "reactions",
                "лайки",
                "лайков",
                "нравится",
                "отметки нравится",
                "реакции",
                "me gusta",
                "reacciones",
                "curtidas",
                "reações",
                "hearts",
                "отметки нравится и реакции",
                "классы",
                "класс",
            ],
            Field::Count(Count::Comments) => &[
                "comments",
                "total comments",
                "comments count",
                "comments added",
                "комментарии",
                "комментариев",
                "comentarios",
                "comentários",
                "replies",
            ],
            Field::Count(Count::Reposts) => &[
                "reposts",
                "shares",
                "total shares",
                "reposts count",
                "shares count",
                "репосты",
                "репостов",
                "перепосты",
                "поделиться",
                "поделились",
                "пересылки",
                "forwards",
                "veces que se compartió",
                "compartidos",
                "compartilhamentos",
                "retweets",
            ],
            Field::Count(Count::Saves) => &[
                "saves",
                "saved",
                "add to favorites",
                "favorites",
                "bookmarks",
                "сохранения",
                "сохранений",
                "в закладках",
                "закладки",
                "veces que se guardó",
                "guardados",
                "salvamentos",
            ],
            Field::Count(Count::PollVotes) => &[
                "poll votes",
                "poll clicks",
                "votes",
                "голоса в опросе",
                "клики по опросу",
                "голоса",
                "голосов",
                "ответы в опросе",
                "votos",
            ],
            Field::Count(Count::LinkClicks) => &[
                "link clicks",
                "link click",
                "url clicks",
                "outbound clicks",
                "clicks on link",
                "links",
                "clicks",
                "переходы по ссылке",
                "переходы",
                "клики по ссылке",
                "клики по ссылкам",
                "переходы по ссылкам",
                "переходы на сайт",
                "переходов",
                "клики",
                "clics en el enlace",
                "clics en enlaces",
                "cliques no link",
            ],
            Field::UtmCampaign => &["utm campaign", "campaign", "кампания", "utm кампания"],
            Field::UtmContent => &["utm content", "utm контент"],
        }
    }
}

/// Characters of a header that matching looks at: aliases are far shorter,
/// and a cell of megabytes (a caption in a row tried as the header) is
/// folded no further.
const MAX_HEADER_CHARS: usize = 256;

/// Folds a header for matching: lower case, `ё` as `е`, every run of
/// non-alphanumeric characters as one space.
pub fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len().min(MAX_HEADER_CHARS));
    let mut pending_space = false;
    for c in header
        .trim_start_matches('\u{feff}')
        .chars()
        .take(MAX_HEADER_CHARS)
    {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            for l in c.to_lowercase() {
                out.push(if l == 'ё' { 'е' } else { l });
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Headers that look like a field but must not be taken for it: Meta's
/// `Reactions, Comments and Shares` is a sum of parts read on their own.
const NEVER: &[&str] = &[
    "reactions comments and shares",
    "reacciones comentarios y veces que se compartió",
    "reações comentários e compartilhamentos",
    "реакции комментарии и репосты",
    "реакции комментарии и перепосты",
    "отметки нравится комментарии и репосты",
];

/// Every field's aliases, folded once: the header search tries them all on
/// each of the first rows of every file.
fn folded_aliases() -> &'static [(Field, Vec<String>)] {
    static FOLDED: std::sync::OnceLock<Vec<(Field, Vec<String>)>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        Field::ALL
            .iter()
            .map(|f| (*f, f.aliases().iter().map(|a| normalize(a)).collect()))
            .collect()
    })
}

/// Maps a header row. `overrides` (from `--map FIELD=HEADER`) come first.
pub fn map_headers(headers: &[String], overrides: &[(Field, String)]) -> Mapping {
    let norm: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut taken = vec![false; headers.len()];
    let mut fields = Vec::new();
    for (field, header) in overrides {
        let want = normalize(header);
        if let Some(col) = (0..headers.len()).find(|&i| !taken[i] && norm[i] == want) {
            taken[col] = true;
            fields.push(Mapped {
                field: *field,
                column: col,
                header: headers[col].clone(),
            });
        }
    }
    for (field, aliases) in folded_aliases() {
        let field = *field;
        if fields.iter().any(|m: &Mapped| m.field == field) {
            continue;
        }
        let found = aliases.iter().find_map(|a| {
            (0..headers.len())
                .find(|&i| !taken[i] && norm[i] == *a && !NEVER.contains(&norm[i].as_str()))
        });
        if let Some(col) = found {
            taken[col] = true;
            fields.push(Mapped {
                field,
                column: col,
                header: headers[col].clone(),
            });
        }
    }
    fields.sort_by_key(|m| m.field);
    let unmapped = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
        .map(|(_, h)| h.trim().to_string())
        .collect();
    Mapping { fields, unmapped }
}

/// Parses `FIELD=HEADER` of `--map`.
pub fn parse_map_arg(s: &str) -> Result<(Field, String), String> {
    let (f, h) = s
        .split_once('=')
        .ok_or_else(|| format!("expected FIELD=HEADER, found '{s}'"))?;
    let field = Field::parse(f).ok_or_else(|| {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        format!("unknown field '{f}'; fields are: {}", names.join(", "))
    })?;
    if h.trim().is_empty() {
        return Err(format!("no header given for field '{f}'"));
    }
    Ok((field, h.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hs(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn normalizes_case_space_and_quotes() {
        assert_eq!(normalize("  Отметки «Нравится» "), "отметки нравится");
        assert_eq!(normalize("\u{feff}\"Post ID\""), "post id");
        assert_eq!(normalize("likes.count"), "likes count");
        assert_eq!(normalize("Всё"), "все");
    }

    #[test]
    fn a_cell_of_megabytes_is_folded_only_as_far_as_a_header_goes() {
        let caption = format!("Likes {}", "x".repeat(1_000_000));
        assert_eq!(normalize(&caption).chars().count(), MAX_HEADER_CHARS);
        let m = map_headers(&hs(&["Reach", &caption]), &[]);
        assert_eq!(m.count_fields(), 1);
    }

    #[test]
    fn views_beat_impressions_whatever_the_order() {
        let m = map_headers(&hs(&["Impressions", "Views", "Likes"]), &[]);
        assert_eq!(m.column(Field::Count(Count::Views)), Some(1));
        assert_eq!(m.column(Field::Count(Count::Impressions)), Some(0));
        assert!(m.unmapped.is_empty());
    }

    #[test]
    fn impressions_are_views_only_where_there_are_no_views() {
        let m = map_headers(&hs(&["Impressions", "Likes"]), &[]);
        assert_eq!(m.column(Field::Count(Count::Views)), Some(0));
        assert_eq!(m.column(Field::Count(Count::Impressions)), None);
        let m = map_headers(&hs(&["Thumbnail impressions", "Likes"]), &[]);
        assert_eq!(m.column(Field::Count(Count::Views)), None);
        assert_eq!(m.column(Field::Count(Count::Impressions)), Some(0));
        let m = map_headers(&hs(&["Показы", "Просмотры", "Лайки"]), &[]);
        assert_eq!(m.column(Field::Count(Count::Views)), Some(1));
        assert_eq!(m.column(Field::Count(Count::Impressions)), Some(0));
    }

    #[test]
    fn meta_sum_column_is_not_likes() {
        let m = map_headers(&hs(&["Reactions, Comments and Shares", "Reactions"]), &[]);
        assert_eq!(m.column(Field::Count(Count::Likes)), Some(1));
    }

    #[test]
    fn russian_headers() {
        let m = map_headers(
            &hs(&[
                "Дата публикации",
                "Текст",
                "Охват",
                "Лайки",
                "Комментарии",
                "Репосты",
                "Голоса в опросе",
            ]),
            &[],
        );
        assert_eq!(m.fields.len(), 7);
        assert_eq!(m.count_fields(), 5);
    }

    #[test]
    fn overrides_come_first() {
        let m = map_headers(
            &hs(&["Охват", "Мой охват"]),
            &[(Field::Count(Count::Reach), "мой охват".into())],
        );
        assert_eq!(m.column(Field::Count(Count::Reach)), Some(1));
    }

    #[test]
    fn map_arg() {
        assert_eq!(
            parse_map_arg("reach=Охват (всего)"),
            Ok((Field::Count(Count::Reach), "Охват (всего)".into()))
        );
        assert!(parse_map_arg("nope=x").is_err());
        assert!(parse_map_arg("reach").is_err());
    }
}
