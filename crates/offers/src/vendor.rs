//! GPU vendor inference of `dstack apply` (0.18.37 `validate_gpu_vendor_and_image`) with the
//! bundled `gpus.csv` as the table of known accelerators (contract §2 step 4, deviation D1).

use crate::catalog::Catalog;

/// The class of one GPU name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// A `vendor=nvidia` name of `gpus.csv`.
    Nvidia,
    /// A `vendor=amd` name of `gpus.csv`.
    Amd,
    /// `<TPU version>-<digits>`.
    Google,
    /// Anything else (including Intel and Tenstorrent names).
    Unknown,
}

impl Class {
    /// The vendor the class stands for.
    fn vendor(self) -> Option<&'static str> {
        match self {
            Class::Nvidia => Some("nvidia"),
            Class::Amd => Some("amd"),
            Class::Google => Some("google"),
            Class::Unknown => None,
        }
    }
}

/// What inference decides for a GPU spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inference {
    /// The vendor that goes into the requirements (declared, inferred, or none).
    pub vendor: Option<String>,
    /// The configuration asks for AMD, so `dstack apply` requires an `image`.
    pub has_amd: bool,
}

/// Runs the inference for a GPU spec with the given declared vendor, names and count maximum.
pub(crate) fn infer(
    catalog: &Catalog,
    vendor: Option<&str>,
    names: Option<&[String]>,
    count_max: Option<f64>,
) -> Inference {
    let declared = Inference { vendor: vendor.map(str::to_string), has_amd: vendor == Some("amd") };
    // `gpu: 0`, `A100:0`, `..0`: dstack skips inference and the AMD check.
    if count_max == Some(0.0) {
        return Inference { has_amd: false, ..declared };
    }
    if vendor.is_some() {
        return declared;
    }
    let names = names.unwrap_or_default();
    if names.is_empty() {
        return Inference { vendor: Some("nvidia".into()), has_amd: false };
    }
    let classes: Vec<Class> = names.iter().map(|n| classify(catalog, &n.to_lowercase())).collect();
    let first = classes[0];
    let vendor = if classes.iter().all(|c| *c == first) { first.vendor().map(str::to_string) } else { None };
    Inference { vendor, has_amd: classes.contains(&Class::Amd) }
}

/// Classifies a lower-cased name: known NVIDIA or AMD name, `<tpu version>-<digits>`, or unknown.
/// (`gpus.csv` names are ASCII, checked by `build.rs`, so an ASCII case-insensitive comparison
/// with a lower-cased name is the same as comparing lower-cased names.)
fn classify(catalog: &Catalog, lower: &str) -> Class {
    let known = |vendor: &str, name: &str| {
        catalog.known_gpus.iter().any(|g| g.vendor == vendor && g.name.eq_ignore_ascii_case(name))
    };
    if known("nvidia", lower) {
        return Class::Nvidia;
    }
    if known("amd", lower) {
        return Class::Amd;
    }
    let (version, cores) = lower.split_once('-').unwrap_or((lower, ""));
    if known("google", version) && !cores.is_empty() && cores.bytes().all(|b| b.is_ascii_digit()) {
        return Class::Google;
    }
    Class::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(vendor: Option<&str>, names: &[&str], count_max: Option<f64>) -> (Option<String>, bool) {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let i = infer(Catalog::bundled(), vendor, (!names.is_empty()).then_some(&names[..]), count_max);
        (i.vendor, i.has_amd)
    }

    #[test]
    fn names_of_gpus_csv() {
        let nvidia = (Some("nvidia".to_string()), false);
        assert_eq!(run(None, &[], Some(1.0)), nvidia);
        assert_eq!(run(None, &["H200"], Some(1.0)), nvidia);
        assert_eq!(run(None, &["b200", "RTX5090"], Some(8.0)), nvidia);
        assert_eq!(run(None, &["MI355X"], Some(1.0)), (Some("amd".into()), true));
        assert_eq!(run(None, &["v5litepod-8"], None), (Some("google".into()), false));
        assert_eq!(run(None, &["v5litepod-"], None), (None, false));
        assert_eq!(run(None, &["v5litepod"], None), (None, false));
        assert_eq!(run(None, &["Gaudi2"], Some(1.0)), (None, false));
        assert_eq!(run(None, &["A100", "MI300X"], Some(1.0)), (None, true));
        assert_eq!(run(None, &["A100", "unknown"], Some(1.0)), (None, false));
    }

    #[test]
    fn declared_vendor_and_zero_count() {
        assert_eq!(run(Some("nvidia"), &["MI300X"], Some(1.0)), (Some("nvidia".into()), false));
        assert_eq!(run(Some("amd"), &[], Some(1.0)), (Some("amd".into()), true));
        assert_eq!(run(Some("amd"), &[], Some(0.0)), (Some("amd".into()), false));
        assert_eq!(run(None, &["MI300X"], Some(0.0)), (None, false));
        assert_eq!(run(None, &[], None), (Some("nvidia".into()), false));
    }
}
