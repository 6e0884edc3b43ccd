//! Helpers shared by the command-line tests.

use std::process::Output;

use serde_json::Value;

/// The JSON a successful command printed on stdout; fails the test with its stderr otherwise.
pub fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}
