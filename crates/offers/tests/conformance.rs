//! Every configuration that dstack 0.18.37 accepts in the repository's conformance corpus
//! (`tests/conformance/`) gets the reference estimate (digest in `data/conformance.offers.jsonl`:
//! count, price range, per-backend and spot counts, the cheapest offer, notes, or the rejection).

mod common;

const CORPUS: &str = include_str!("../../../tests/conformance/expected.jsonl");
const DIGEST: &str = include_str!("data/conformance.offers.jsonl");

#[test]
fn accepted_corpus_configurations() {
    let corpus = common::all_normalized(CORPUS);
    let mut checked = 0;
    let mut rejected = 0;
    for line in DIGEST.lines() {
        let expected: serde_json::Value = serde_json::from_str(line).expect("digest line is JSON");
        let file = expected["file"].as_str().expect("file");
        let estimate = common::check_against(&corpus[file], &expected);
        checked += 1;
        rejected += usize::from(estimate.rejected.is_some());
    }
    assert_eq!((checked, rejected), (376, 11));
}
