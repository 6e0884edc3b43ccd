//! Joins the widget's source files (`widget/src/`) into the one script the server embeds and
//! serves as `/widget.js`: the JavaScript parts in the order of [`PARTS`], all inside one
//! function scope opened by `start.js` and closed by `panel.js`, and `style.css` as the
//! string the widget adopts as its style sheet. No JavaScript tooling is involved.

use std::fmt::Write as _;
use std::path::Path;

/// The parts of the widget, in the order they are joined; `style.css` becomes `var CSS`.
const PARTS: &[&str] = &[
    "start.js",
    "text.js",
    "storage.js",
    "style.css",
    "dom.js",
    "markdown.js",
    "messages.js",
    "votes.js",
    "settings.js",
    "email.js",
    "history.js",
    "turn.js",
    "data.js",
    "api.js",
    "panel.js",
];

fn main() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../widget/src");
    println!("cargo:rerun-if-changed={}", source.display());
    let mut listed: Vec<String> = std::fs::read_dir(&source)
        .expect("widget/src is readable")
        .map(|entry| {
            entry
                .expect("a widget source entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    listed.sort();
    let mut expected: Vec<String> = PARTS.iter().map(|part| part.to_string()).collect();
    expected.sort();
    assert_eq!(
        listed, expected,
        "every file of widget/src is a part of the widget, once"
    );

    let mut script = String::new();
    for part in PARTS {
        let path = source.join(part);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a widget part is readable");
        if part.ends_with(".css") {
            let _ = writeln!(script, "  var CSS = '{}';\n", css_string(&text));
        } else {
            script.push_str(&text);
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("sotto.js");
    std::fs::write(out, script).expect("the joined widget is written");
}

/// The style sheet as the body of a single-quoted JavaScript string: its lines joined.
fn css_string(css: &str) -> String {
    css.lines()
        .map(str::trim)
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('\'', "\\'")
}
