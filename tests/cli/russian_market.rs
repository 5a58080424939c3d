//! Telegram and VK as Russian-speaking SMM managers get them: channel albums
//! (one post each, at most ten items, one caption), the Telegram Desktop
//! full-data export (every chat: channels as posts, groups for `core`), and
//! VK comments and likes as the community's own activity log.

use serde_json::Value;

use crate::util::*;

fn notes(f: &Value) -> String {
    f["notes"].to_string()
}

// --- Telegram albums --------------------------------------------------------

#[test]
fn telegram_albums_hold_ten_items_and_one_caption() {
    let r = report_of("telegram_channel_albums.json");
    let posts: Vec<(String, u64)> = r["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_string(), int(&p["likes"])))
        .collect();
    // Messages 10–19 share a second: one album of ten (1 like each). The
    // 11th item of that second (20) starts a post; 21 and 22 each carry a
    // caption, so 22 starts one (23, uncaptioned, joins it); 24 and 25 share
    // a grouped_id, 26 has another; 27 is text, a post of its own.
    assert_eq!(
        posts,
        [
            ("10".to_string(), 10),
            ("20".to_string(), 1),
            ("21".to_string(), 1),
            ("22".to_string(), 2),
            ("24".to_string(), 2),
            ("26".to_string(), 1),
            ("27".to_string(), 1),
        ]
    );
    assert_eq!(int(&r["summary"]["posts"]), 7);
    assert_eq!(int(&r["summary"]["likes"]), 18);
    assert_eq!(r["posts"][0]["text"], "Album one #menu");
    let n = notes(&r["input"]["details"][0]);
    assert!(n.contains("11 album parts merged"), "{n}");
    assert!(n.contains("3 runs of media"), "{n}");
}

// --- Telegram Desktop full-data export -------------------------------------

#[test]
fn a_full_export_reads_every_channel_as_posts_and_names_each_chat() {
    let r = report_of("telegram_full_export.json");
    let f = &r["input"]["details"][0];
    assert_eq!(f["platform"], "telegram");
    let parts: Vec<(String, String, String)> = f["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["kind"].as_str().unwrap().to_string(),
                p["chat_type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let part = |n: &str, k: &str, t: &str| (n.to_string(), k.to_string(), t.to_string());
    assert_eq!(
        parts,
        [
            part("Zerno News", "posts", "public_channel"),
            part("Zerno Chat", "activity_log", "private_supergroup"),
            part("Anna", "not_read", "personal_chat"),
            part("chat 444", "not_read", "saved_messages"),
            part("Old Promo", "posts", "private_channel, left"),
            part("Old Group", "activity_log", "private_group, left"),
        ]
    );
    // Zerno News: the text post (4 reactions) and a two-photo album (3 + 2);
    // Old Promo: one post (2). The groups' and personal messages are no posts.
    let s = &r["summary"];
    assert_eq!(int(&s["posts"]), 3);
    assert_eq!(int(&s["likes"]), 4 + 5 + 2);
    assert_eq!(int(&f["parts"][0]["posts"]), 2);
    assert_eq!(int(&f["parts"][4]["posts"]), 1);
    let accounts: Vec<&str> = r["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["account"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["Old Promo", "Zerno News", "Zerno News"]);
    assert_eq!(int(&r["input"]["rows_read"]), 3);
    assert!(
        notes(f).contains("2 groups are activity logs"),
        "{}",
        notes(f)
    );
}

#[test]
fn core_reads_the_groups_of_a_full_export_and_leaves_channels_out() {
    let d = json_of(&[
        "core",
        &data("telegram_full_export.json"),
        "-n",
        "1",
        "-m",
        "2",
    ]);
    // Zerno Chat: 3 messages (user1, user2, user1) and 3 listed reactions
    // (user2 in January, user3 and user2 in February); Old Group: one
    // message by user3 in December. The channels' messages are not actions.
    assert_eq!(int(&d["input"]["actions"]), 7);
    assert_eq!(int(&d["users"]), 3);
    let month = |m: &str| {
        d["monthly"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["month"] == m)
            .map(|x| (int(&x["actions"]), int(&x["active_users"])))
    };
    assert_eq!(month("2025-12"), Some((1, 1)));
    assert_eq!(month("2026-01"), Some((3, 2)));
    assert_eq!(month("2026-02"), Some((3, 3)));
    // Active in both January and February: user1 and user2.
    assert_eq!(int(&d["core_size"]), 2);
    let n = notes(&d["input"]["details"][0]);
    assert!(
        n.contains("chat 'Zerno Chat' (private_supergroup): 3 messages"),
        "{n}"
    );
    assert!(
        n.contains("chat 'Zerno News' (public_channel): a channel's own posts"),
        "{n}"
    );
    assert!(
        n.contains("chat 'Anna' (personal_chat): not a community"),
        "{n}"
    );
}

#[test]
fn a_full_export_without_groups_is_no_activity_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(
        &path,
        r#"{"about": "x", "chats": {"about": "y", "list": [
            {"name": "News", "type": "public_channel", "id": 1, "messages": []}]}}"#,
    )
    .unwrap();
    let out = smmkpi()
        .args(["core", path.to_str().unwrap()])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("no group chat (channels: 'News')"), "{err}");
}

// --- VK comments and likes --------------------------------------------------

#[test]
fn vk_comments_and_their_threads_are_actions_of_their_authors() {
    let d = json_of(&["core", &data("vk_wall_comments.json"), "-n", "1", "-m", "2"]);
    let i = &d["input"];
    assert_eq!(i["details"][0]["format"], "vk-json");
    // Comments 501 (101), 502 (the community, -1, a reply), 503 (102) in
    // January; 601 (101) and its reply 602 (103) in February. 603 is deleted
    // (no author): skipped. 501 listed again: counted once.
    assert_eq!(int(&i["actions"]), 5);
    assert_eq!(int(&i["rows_read"]), 6);
    assert_eq!(int(&i["skipped_by_reason"]["no_user"]), 1);
    assert_eq!(int(&d["users"]), 4);
    assert_eq!(int(&d["core_size"]), 1, "101 commented in both months");
    let n = notes(&i["details"][0]);
    assert!(
        n.contains("5 comments (2 of them replies in threads)"),
        "{n}"
    );
    assert!(n.contains("listed twice"), "{n}");
}

#[test]
fn vk_likes_lists_count_where_they_are_dated() {
    let d = json_of(&[
        "core",
        &data("vk_wall_comments.json"),
        &data("vk_likes_getlist.json"),
        "-n",
        "1",
        "-m",
        "2",
    ]);
    let i = &d["input"];
    // The dated list: 101, 104, 105 like in February; the undated one (2
    // likes) cannot be put in a month.
    assert_eq!(int(&i["actions"]), 5 + 3);
    assert_eq!(int(&i["skipped_by_reason"]["no_date"]), 2);
    let likes = d["action_values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "like")
        .map(|a| int(&a["rows"]));
    assert_eq!(likes, Some(3));
    let only_comments = json_of(&[
        "core",
        &data("vk_wall_comments.json"),
        &data("vk_likes_getlist.json"),
        "--actions",
        "comment",
        "-n",
        "1",
        "-m",
        "2",
    ]);
    assert_eq!(int(&only_comments["input"]["actions"]), 5);
    assert_eq!(int(&only_comments["input"]["filtered_out"]), 3);
    let out = smmkpi()
        .args([
            "core",
            &data("vk_wall_comments.json"),
            &data("vk_likes_getlist.json"),
            "-n",
            "1",
            "-m",
            "2",
            "--list",
        ])
        .assert()
        .success();
    assert_eq!(stdout_text(out.get_output()).trim(), "101");
}

#[test]
fn a_vk_wall_get_response_given_to_core_says_what_reads_it() {
    let out = smmkpi()
        .args(["core", &data("vk_wall.json")])
        .assert()
        .code(1);
    let err = stderr_text(out.get_output());
    assert!(err.contains("wall.getComments"), "{err}");
    assert!(!err.contains("Telegram"), "{err}");
}
