//! Completion with the bundled catalog's names: the core's completion, plus GPU names, backends,
//! regions and instance types where the value at the cursor takes one.

use dstack_core::Completion;
use dstack_core::model::describe::Catalog as Slot;
use dstack_offers::Catalog;

use crate::Options;

/// What can be written at `offset` (bytes into `text`) under `options.version`, with the names
/// of the bundled catalog where the value at the cursor is one of them.
pub fn complete(text: &str, offset: usize, options: &Options) -> Completion {
    let mut completion = dstack_core::complete(text, offset, options.version);
    if let Some(slot) = completion.catalog {
        let catalog = Catalog::bundled();
        let v = options.version;
        let names = match slot {
            Slot::Gpu => catalog.gpu_vocabulary(v),
            Slot::Backend => catalog.backend_vocabulary(v),
            Slot::Region => catalog.region_vocabulary(v),
            Slot::InstanceType => catalog.instance_vocabulary(v),
        };
        completion.add_names(names);
        completion.finish();
    }
    completion
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Label and detail of the first `n` items at the end of `text`.
    fn first(text: &str, n: usize) -> Vec<(String, String)> {
        let c = complete(text, text.len(), &Options::default());
        c.items.into_iter().take(n).map(|i| (i.label, i.detail)).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn gpu_names_with_their_memory() {
        assert_eq!(
            first("resources:\n  gpu: A1", 3),
            pairs(&[("A10", "24GB · nvidia"), ("A100", "4GB, 40GB, 80GB · nvidia"), ("A10G", "24GB · nvidia")])
        );
        assert_eq!(first("resources:\n  gpu:\n    name: [A100, H1", 1), pairs(&[("H100", "80GB, 640GB · nvidia")]));
    }

    #[test]
    fn backends_with_offers_first_then_the_others() {
        let c = complete("backends: [", 11, &Options::default());
        let labels: Vec<&str> = c.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels[..3], ["aws", "azure", "verda"]);
        assert_eq!(c.items[0].detail, "1177 catalog rows");
        assert_eq!(labels.len(), 26);
    }

    #[test]
    fn regions_and_instance_types() {
        assert_eq!(
            first("regions: [us-east-", 2),
            pairs(&[("us-east-1", "aws, lambda"), ("us-east-2", "aws, lambda")])
        );
        assert_eq!(first("instance_types:\n  - p4d", 1), pairs(&[("p4d.24xlarge", "aws · 8×A100 40GB")]));
    }
}
