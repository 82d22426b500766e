//! The catalog's names as an editor completes them: GPU names with their memory, backends,
//! regions and instance types, each with a short detail, for the market of one dstack release.

use dstack_core::DstackVersion;

use crate::catalog::{Catalog, Row, VENDORS};
use crate::format;

/// A name of the catalog and one short line about it.
pub type Named = (&'static str, String);

impl Catalog {
    /// The rows of `version`'s market: 0.22.5 also has the backends 0.18.37 lacks.
    fn market(&self, version: DstackVersion) -> &'static [Row] {
        if version.pydantic2() { self.rows } else { &self.rows[..self.candidates + self.flagged] }
    }

    /// Each GPU name with its memory sizes and vendor (`A100`: `40GB, 80GB · nvidia`), by name.
    pub fn gpu_vocabulary(&self, version: DstackVersion) -> Vec<Named> {
        let gpus = self.market(version).iter().filter_map(|row| {
            // In tenths of a GB, to sort as integers (one GPU has 262.5 GB).
            let memory = self.number(row.gpu_memory).map_or(0, |gb| (gb * 10.0).round() as u32);
            self.gpu_name(row).map(|gpu| (gpu.name, memory, row.vendor))
        });
        let mut gpus: Vec<(&'static str, u32, u8)> = gpus.collect();
        dstack_core::order::sort(&mut gpus);
        gpus.dedup_by_key(|g| (g.0, g.1));
        let named = gpus.chunk_by(|a, b| a.0 == b.0).map(|same| {
            let sizes: Vec<String> = same
                .iter()
                .filter(|g| g.1 > 0)
                .map(|g| format!("{}GB", format::number(f64::from(g.1) / 10.0)))
                .collect();
            (same[0].0, format!("{} · {}", sizes.join(", "), VENDORS[usize::from(same[0].2)]))
        });
        named.collect()
    }

    /// Each backend with offers, with how many (`aws`: `1,093 offers`), in rank order.
    pub fn backend_vocabulary(&self, version: DstackVersion) -> Vec<Named> {
        let names = self.backend_names(version);
        let mut rows = vec![0usize; names.len()];
        for row in self.market(version) {
            rows[usize::from(row.backend)] += 1;
        }
        names
            .into_iter()
            .zip(rows)
            .filter(|(_, n)| *n > 0)
            .map(|(name, n)| (name, format!("{n} catalog rows")))
            .collect()
    }

    /// Each region with the backends that have it (`us-east-1`: `aws`), by name.
    pub fn region_vocabulary(&self, version: DstackVersion) -> Vec<Named> {
        self.grouped(version, |row| self.region(row), |row| self.backend_of(row, version).to_string())
    }

    /// Each instance type with its backend and hardware (`p4d.24xlarge`: `aws · 8×A100 40GB`), by
    /// name.
    pub fn instance_vocabulary(&self, version: DstackVersion) -> Vec<Named> {
        self.grouped(
            version,
            |row| self.instance(row),
            |row| {
                let backend = self.backend_of(row, version);
                match (self.gpu_name(row), self.number(row.gpu_memory)) {
                    (Some(gpu), Some(gb)) => {
                        format!("{backend} · {}×{} {}GB", row.gpu_count, gpu.name, format::number(gb))
                    }
                    (Some(gpu), None) => format!("{backend} · {}×{}", row.gpu_count, gpu.name),
                    _ => format!("{backend} · {} vCPU", row.cpu),
                }
            },
        )
    }

    /// The distinct `name`s of the market's rows, each with the distinct `detail`s of its rows.
    fn grouped(
        &self,
        version: DstackVersion,
        name: impl Fn(&Row) -> &'static str,
        detail: impl Fn(&Row) -> String,
    ) -> Vec<Named> {
        let mut pairs: Vec<(&'static str, String)> =
            self.market(version).iter().map(|r| (name(r), detail(r))).collect();
        dstack_core::order::sort(&mut pairs);
        pairs.dedup();
        let named = pairs.chunk_by(|a, b| a.0 == b.0).map(|same| {
            let details: Vec<&str> = same.iter().map(|p| p.1.as_str()).collect();
            (same[0].0, format::list(&details, 3))
        });
        named.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(list: &[Named], name: &str) -> Option<String> {
        list.iter().find(|(n, _)| *n == name).map(|(_, d)| d.clone())
    }

    #[test]
    fn names_with_their_details() {
        let c = Catalog::bundled();
        let v = DstackVersion::NEWEST;
        let gpus = c.gpu_vocabulary(v);
        assert_eq!(find(&gpus, "A100"), Some("4GB, 40GB, 80GB · nvidia".into()));
        assert_eq!(find(&gpus, "B300"), Some("262.5GB · nvidia".into()));
        assert_eq!(find(&c.backend_vocabulary(v), "aws"), Some("1177 catalog rows".into()));
        assert_eq!(find(&c.region_vocabulary(v), "us-east-1"), Some("aws, lambda".into()));
        assert_eq!(find(&c.instance_vocabulary(v), "p4d.24xlarge"), Some("aws · 8×A100 40GB".into()));
        let old: Vec<&str> = c.backend_vocabulary(DstackVersion::V0_18_37).into_iter().map(|(n, _)| n).collect();
        assert_eq!(old, ["aws", "azure", "datacrunch", "gcp", "lambda", "nebius", "oci", "runpod", "vastai", "vultr"]);
    }
}
