//! How a site's widget looks, from the command line: printed with its defaults, replaced from
//! a JSON file, and a file with colours failing WCAG AA or that is not JSON refused with one
//! clear line and a non-zero exit, nothing changed.

mod common;

use common::{json_of, one_line_error, sotto, tenant_with_site};

#[test]
fn a_sites_appearance_is_printed_replaced_and_checked() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path();
    tenant_with_site(dir, "Cycles", "https://cycles.example", "cycles");
    let defaults = json_of(&sotto(dir, &["site", "appearance", "--site", "cycles"]));
    assert_eq!(defaults["position"], "right");
    assert_eq!(defaults["accent_color"], "#2b4c7e");

    let file = dir.join("look.json");
    let path = file.to_str().unwrap().to_owned();
    let set_from = |json: &str| {
        std::fs::write(&file, json).unwrap();
        sotto(
            dir,
            &["site", "appearance", "--site", "cycles", "--set", &path],
        )
    };
    let set = json_of(&set_from(
        r##"{"accent_color":"#1e6b34","position":"left","launcher_label":"Vragen?","suggested_questions":["Verhuren jullie e-bikes?"]}"##,
    ));
    assert_eq!(set["position"], "left");
    assert_eq!(set["launcher_label"], "Vragen?");
    let pale = set_from(r##"{"accent_color":"#dddddd","accent_text_color":"#ffffff"}"##);
    assert!(one_line_error(&pale).contains("contrast"));
    let broken = set_from("accent: green");
    assert!(one_line_error(&broken).contains("is not an appearance"));

    let kept = json_of(&sotto(dir, &["site", "appearance", "--site", "cycles"]));
    assert_eq!(kept, set, "nothing refused was kept");
}
