//! What `dstack apply` infers for `resources.gpu.vendor` (gpuhunt 0.0.19's known-GPU tables).

use crate::json::Json;

const NVIDIA: [&str; 28] = [
    "A10",
    "A100",
    "A10G",
    "A16",
    "A40",
    "A4000",
    "A4500",
    "A5000",
    "A6000",
    "H100",
    "H100NVL",
    "L4",
    "L40",
    "L40S",
    "P100",
    "RTX2000Ada",
    "RTX3060",
    "RTX3060Ti",
    "RTX3070Ti",
    "RTX3080",
    "RTX3080Ti",
    "RTX3090",
    "RTX4000Ada",
    "RTX4090",
    "RTX6000",
    "RTX6000Ada",
    "T4",
    "V100",
];
const AMD: [&str; 8] = ["MI100", "MI210", "MI250", "MI250X", "MI300A", "MI300X", "MI308X", "MI325X"];
const TPU_VERSIONS: [&str; 6] = ["v2", "v3", "v4", "v5litepod", "v5p", "v6e"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Nvidia,
    Amd,
    Tpu,
    Unknown,
}

fn classify(name: &str) -> Class {
    let lower = name.to_lowercase();
    if NVIDIA.iter().any(|n| n.to_lowercase() == lower) {
        Class::Nvidia
    } else if AMD.iter().any(|n| n.to_lowercase() == lower) {
        Class::Amd
    } else if lower
        .split_once('-')
        .is_some_and(|(v, n)| TPU_VERSIONS.contains(&v) && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        Class::Tpu
    } else {
        Class::Unknown
    }
}

/// The outcome of vendor inference for a normalized `resources.gpu` object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VendorInference {
    /// The vendor after inference (`None`: no GPU, zero GPUs, unknown or mixed names).
    pub vendor: Option<String>,
    /// True when the configuration asks for AMD GPUs (then `image` is required).
    pub has_amd: bool,
}

/// dstack 0.18.37's `validate_gpu_vendor_and_image`, minus the image check itself.
pub fn infer(gpu: &Json) -> VendorInference {
    let declared = gpu.get("vendor").and_then(Json::as_str).map(str::to_string);
    let names: Vec<&str> =
        gpu.get("name").and_then(Json::as_array).unwrap_or(&[]).iter().filter_map(Json::as_str).collect();
    let zero = gpu.get("count").and_then(|c| c.get("max")).and_then(Json::as_int) == Some(0);
    if gpu.is_null() || zero {
        return VendorInference { vendor: declared, has_amd: false };
    }
    if let Some(v) = declared {
        return VendorInference { has_amd: v == "amd", vendor: Some(v) };
    }
    let classes: Vec<Class> = names.iter().map(|n| classify(n)).collect();
    let has_amd = classes.contains(&Class::Amd);
    let vendor = match classes.first() {
        None => Some("nvidia"),
        Some(first) if classes.iter().all(|c| c == first) => match first {
            Class::Nvidia => Some("nvidia"),
            Class::Amd => Some("amd"),
            Class::Tpu => Some("google"),
            Class::Unknown => None,
        },
        Some(_) => None,
    };
    VendorInference { vendor: vendor.map(str::to_string), has_amd }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gpu(vendor: Option<&str>, names: &[&str], max: i128) -> Json {
        Json::Object(vec![
            ("vendor".into(), Json::opt(vendor)),
            (
                "name".into(),
                if names.is_empty() { Json::Null } else { Json::Array(names.iter().map(|n| Json::str(*n)).collect()) },
            ),
            ("count".into(), Json::Object(vec![("min".into(), Json::Int(1)), ("max".into(), Json::Int(max))])),
        ])
    }

    #[test]
    fn dstack_cli_cases() {
        let v = |g: Json| infer(&g).vendor;
        assert_eq!(v(gpu(None, &[], 1)).as_deref(), Some("nvidia"));
        assert_eq!(v(gpu(None, &[], 0)), None);
        assert_eq!(v(gpu(None, &["a40", "l40"], 1)).as_deref(), Some("nvidia"));
        assert_eq!(v(gpu(None, &["V3-64"], 1)).as_deref(), Some("google"));
        assert_eq!(v(gpu(None, &["mi300x"], 1)).as_deref(), Some("amd"));
        assert_eq!(v(gpu(None, &["foo", "bar"], 1)), None);
        assert_eq!(v(gpu(None, &["A1000", "v4"], 1)), None);
        assert_eq!(v(gpu(None, &["A100", "MI300X"], 1)), None);
        assert!(infer(&gpu(None, &["A100", "MI300X"], 1)).has_amd);
        assert!(!infer(&gpu(Some("nvidia"), &["MI300X"], 1)).has_amd);
        assert!(infer(&gpu(Some("amd"), &[], 1)).has_amd);
    }
}
