//! Round trips, vectors produced by Python's zlib, and hostile links.

use super::*;

/// `type: task\n`, compressed by Python: `zlib.compressobj(9, zlib.DEFLATED, -15)` + urlsafe base64.
const PYTHON_TASK: &str = "K6ksSLVSKEkszuYCAA";

fn round_trip(text: &str) {
    assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
    assert_eq!(read_link(&link(text, "https://play.example/")).unwrap(), Some(text.to_string()));
}

#[test]
fn round_trips() {
    round_trip("type: task\ncommands:\n  - python train.py\n");
    round_trip("type: task\nname: \"h\u{e9}llo \u{2603} \u{1f680}\"\n");
    round_trip("type: task\r\ncommands:\r\n  - echo hi\r\n");
    round_trip("");
    round_trip(&"commands:\n  - echo 0123456789abcdef\n".repeat(3000));
}

#[test]
fn encode_is_url_safe() {
    let payload = encode(&"x: \u{ff}\u{fe}~?/+=\n".repeat(50));
    assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{payload}");
}

#[test]
fn python_vectors() {
    assert_eq!(decode(PYTHON_TASK).as_deref(), Ok("type: task\n"));
    assert_eq!(
        decode("K6ksSLVSKEkszuZKzs_NTcxLKbbiUlDQVUhNzshXUMo4vDInJ1_h0YxmhQ_zZzUocQEA").as_deref(),
        Ok("type: task\ncommands:\n  - echo \"h\u{e9}llo \u{2603} \u{1f680}\"\n")
    );
    assert_eq!(decode("AwA").as_deref(), Ok(""));
}

#[test]
fn link_replaces_the_fragment() {
    assert_eq!(
        link("type: task\n", "https://play.example/?v=1#yaml=old"),
        format!("https://play.example/?v=1#c={}", encode("type: task\n"))
    );
    assert_eq!(link("", ""), "#c=AwA");
}

#[test]
fn read_link_forms() {
    let task = Some("type: task\n".to_string());
    assert_eq!(read_link(&format!("https://play.example/#c={PYTHON_TASK}")), Ok(task.clone()));
    assert_eq!(read_link(&format!("#c={PYTHON_TASK}")), Ok(task.clone()));
    assert_eq!(read_link(&format!("c={PYTHON_TASK}")), Ok(task.clone()));
    assert_eq!(read_link(&format!("#offers=1&c={PYTHON_TASK}")), Ok(task.clone()));
    assert_eq!(read_link("https://play.example/#yaml=type%3A%20task%0A"), Ok(task));
    assert_eq!(read_link("#yaml=name%3A%20h%C3%A9+x"), Ok(Some("name: h\u{e9}+x".to_string())));
}

#[test]
fn read_link_without_share_fragment() {
    assert_eq!(read_link("https://play.example/"), Ok(None));
    assert_eq!(read_link("https://play.example/#"), Ok(None));
    assert_eq!(read_link("https://play.example/#section-2"), Ok(None));
    assert_eq!(read_link(""), Ok(None));
}

#[test]
fn corrupt_base64() {
    assert_eq!(decode("K6ks SLVS"), Err(ShareError::InvalidBase64 { position: 4 }));
    assert_eq!(
        read_link("#c=K6ks!").map_err(|e| e.to_string()),
        Err("the share link is corrupt: invalid base64url at character 4 (was it cut short or edited?)".to_string())
    );
}

#[test]
fn truncated_deflate() {
    assert_eq!(decode("K6ksSLVSKEkszuY"), Err(ShareError::InvalidDeflate));
    assert_eq!(decode(""), Err(ShareError::InvalidDeflate));
    assert_eq!(
        ShareError::InvalidDeflate.to_string(),
        "the share link is corrupt: the compressed configuration cannot be decompressed (was it cut short?)"
    );
}

#[test]
fn garbage_deflate() {
    // Block type 3 is reserved in RFC 1951.
    assert_eq!(decode(&base64url::encode(&[0x07, 0x00])), Err(ShareError::InvalidDeflate));
}

#[test]
fn not_utf8() {
    // Python: raw DEFLATE of the bytes ff fe.
    assert_eq!(decode("-_8PAA"), Err(ShareError::NotUtf8));
    assert_eq!(read_link("#yaml=%FF"), Err(ShareError::NotUtf8));
    assert_eq!(ShareError::NotUtf8.to_string(), "the share link is corrupt: the configuration is not UTF-8 text");
}

#[test]
fn bad_percent_escape() {
    assert_eq!(read_link("#yaml=a%zz"), Err(ShareError::InvalidPercent { position: 1 }));
    assert_eq!(
        ShareError::InvalidPercent { position: 1 }.to_string(),
        "the share link is corrupt: `%` at character 1 is not followed by two hex digits"
    );
}

#[test]
fn zip_bomb_is_refused() {
    let bomb = base64url::encode(&miniz_oxide::deflate::compress_to_vec(&vec![b'a'; 2 * MAX_TEXT_BYTES], 9));
    assert!(bomb.len() < 10_000, "{}", bomb.len());
    assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
    assert_eq!(ShareError::TooLarge.to_string(), "the shared configuration is larger than 1 MiB");
}

#[test]
fn exactly_the_limit_is_accepted() {
    let text = "a".repeat(MAX_TEXT_BYTES);
    assert_eq!(decode(&encode(&text)).map(|t| t.len()), Ok(MAX_TEXT_BYTES));
    assert_eq!(decode(&encode(&format!("{text}a"))), Err(ShareError::TooLarge));
}

#[test]
fn oversized_payloads_are_refused_before_decoding() {
    assert_eq!(decode(&"A".repeat(2 * MAX_TEXT_BYTES + 1)), Err(ShareError::TooLarge));
    assert_eq!(read_link(&format!("#yaml={}", "a".repeat(MAX_TEXT_BYTES + 1))), Err(ShareError::TooLarge));
}
