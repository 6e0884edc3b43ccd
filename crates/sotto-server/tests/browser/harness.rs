//! The browser tests' harness: a chromedriver on a free port, a headless Chromium session, and
//! the steps a person takes (click, type, tab, wait for the page), shared by every browser test.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::common::TestServer;

/// A chromedriver process on a free port, killed on drop.
pub(crate) struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn find_chromedriver() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|candidate| candidate.is_file())
}

pub(crate) async fn start_driver() -> Option<Driver> {
    let Some(binary) = find_chromedriver() else {
        println!(
            "skipped: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Some(Driver {
        child,
        port,
        profile: tempfile::tempdir().unwrap(),
    })
}

pub(crate) async fn browser(driver: &Driver) -> Client {
    let chromium = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).exists())
    .unwrap_or("/usr/bin/chromium");
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                format!("--user-data-dir={}", driver.profile.path().display()),
            ]
        }
    });
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities.as_object().unwrap().clone());
    builder
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// The text of the first element `css` selects.
pub(crate) async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) async fn run_js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// Waits until `script` returns `true` (bounded, so a broken widget fails instead of hanging).
pub(crate) async fn wait_until(client: &Client, script: &str) {
    wait_up_to(client, script, 10).await;
}

/// [`wait_until`] for what comes on the widget's own schedule (its polls slow down to one
/// every 30 seconds while nothing happens).
pub(crate) async fn wait_up_to(client: &Client, script: &str, seconds: u64) {
    for _ in 0..seconds * 20 {
        if run_js(client, script).await == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("condition never held: {script}");
}

pub(crate) async fn open_widget(client: &Client) {
    click(client, ".sotto-launcher").await;
    wait_until(
        client,
        "return !document.querySelector('.sotto-panel').hidden",
    )
    .await;
}

/// Answers in the log, not counting one being streamed.
pub(crate) const ANSWERS: &str =
    "document.querySelectorAll('.sotto-assistant:not(.sotto-live)').length";

pub(crate) async fn ask(client: &Client, text: &str) {
    let before = run_js(client, &format!("return {ANSWERS}")).await;
    send(client, text).await;
    wait_until(client, &format!("return {ANSWERS} > {before}")).await;
}

/// Types `text` and sends it.
pub(crate) async fn send(client: &Client, text: &str) {
    type_into(client, "#sotto-input", text).await;
    client
        .find(Locator::Css(".sotto-form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Clicks the first element matching `css`.
pub(crate) async fn click(client: &Client, css: &str) {
    client
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Saves a screenshot of the current page as `target/screenshots/<name>.png` (the README shows
/// copies of them from `docs/screenshots/`).
pub(crate) async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG image");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Types `text` into the field `css`.
pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs a new member with `role` in through the form, by typing, and has them choose their
/// own password; ends on their start page.
pub(crate) async fn sign_in_as(client: &Client, server: &TestServer, role: &str) {
    let (workspace, email, password) = server.new_member(role).await;
    client.goto(&server.url("/admin/sign-in")).await.unwrap();
    type_into(client, "#workspace", &workspace).await;
    type_into(client, "#email", &email).await;
    type_into(client, "#password", &password).await;
    click(client, "main form button[type=submit]").await;
    choose_own_password(client, &password).await;
    client.goto(&server.url("/admin")).await.unwrap();
    wait_until(client, "return location.pathname !== '/admin'").await;
}

/// On the page a new member lands on, replaces the password someone else chose.
pub(crate) async fn choose_own_password(client: &Client, given: &str) {
    wait_until(
        client,
        "return location.pathname === '/admin/account/password'",
    )
    .await;
    assert!(
        text_of(client, "main")
            .await
            .contains("Someone else chose your password"),
        "a new member is told why"
    );
    type_into(client, "#current", given).await;
    type_into(client, "#new", "a passphrase of my own").await;
    type_into(client, "#repeat", "a passphrase of my own").await;
    click(client, "main form button[type=submit]").await;
    wait_until(
        client,
        "return document.querySelector('main p.notice') && document.querySelector('main p.notice').textContent.includes('changed')",
    )
    .await;
}

/// Text whose contrast with its background is under 4.5:1 (WCAG AA), as "tag ratio text".
pub(crate) const LOW_CONTRAST: &str = r#"
function channels(c) { return (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number); }
function luminance(c) {
  var rgb = channels(c).slice(0, 3).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}
function background(e) {
  for (; e; e = e.parentElement) {
    var c = channels(getComputedStyle(e).backgroundColor);
    if (c.length < 4 || c[3] > 0) return getComputedStyle(e).backgroundColor;
  }
  return 'rgb(255, 255, 255)';
}
var low = [];
document.querySelectorAll('body *').forEach(function (e) {
  var text = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  var box = e.getBoundingClientRect();
  if (!text || box.width === 0 || box.right < 0) return;
  var a = luminance(getComputedStyle(e).color), b = luminance(background(e));
  var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) low.push(e.tagName + ' ' + ratio.toFixed(2) + ' ' + e.textContent.trim().slice(0, 40));
});
return low;
"#;

/// Asserts that every visible text of the current page has enough contrast.
pub(crate) async fn assert_contrast(client: &Client, page: &str) {
    let low = run_js(client, LOW_CONTRAST).await;
    assert_eq!(low, json!([]), "text under 4.5:1 on {page}");
}

/// Presses Tab until the focus is on `css`; how many presses it took (at most 40).
pub(crate) async fn tab_to(client: &Client, css: &str) -> usize {
    for presses in 1..=40 {
        client
            .active_element()
            .await
            .unwrap()
            .send_keys("\u{E004}")
            .await
            .unwrap();
        let there = format!("return document.activeElement === document.querySelector('{css}')");
        if run_js(client, &there).await == Value::Bool(true) {
            return presses;
        }
    }
    panic!("the keyboard never reaches {css}");
}

/// Types into whatever has the focus.
pub(crate) async fn type_here(client: &Client, text: &str) {
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// A Chrome DevTools command through chromedriver's CDP bridge: what WebDriver cannot do, such
/// as reading every cookie of every host (`Network.getAllCookies`) or emulating a small screen
/// or a zoom level (`Emulation.setDeviceMetricsOverride`).
#[derive(Debug)]
pub(crate) struct Cdp {
    command: &'static str,
    params: Value,
}

impl Cdp {
    pub(crate) fn new(command: &'static str, params: Value) -> Self {
        Self { command, params }
    }
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        let body = json!({"cmd": self.command, "params": self.params});
        (axum::http::Method::POST, Some(body.to_string()))
    }
}

/// Emulates a window of `width`×`height` CSS pixels, as a 1280×1024 screen zoomed in shows.
pub(crate) async fn window_of(client: &Client, width: u32, height: u32) {
    client
        .issue_cmd(Cdp::new(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        ))
        .await
        .unwrap();
    wait_until(
        client,
        &format!("return window.innerWidth === {width} && window.innerHeight === {height}"),
    )
    .await;
}
