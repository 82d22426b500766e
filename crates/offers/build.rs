//! Turns `catalog/offers.csv` and the core's `data/gpus.csv` into static Rust tables (`$OUT_DIR/catalog_data.rs`)
//! and a column store (`$OUT_DIR/catalog_columns.bin`) so that the library never parses CSV at run
//! time and the wasm module carries only the columns the estimate needs (no `source`; of
//! `provider_data`, `location` and `cpu_arch` a few bits per row), in a layout that gzip shrinks well: one column after
//! the other, each integer split into byte planes, the hardware of a row as an index into a table
//! of distinct shapes, stored once per instance type (with the few rows that differ listed),
//! prices as micro-dollars. `src/catalog/columns.rs` reads it back; the layout
//! is described there.
//!
//! Rows are stored in three parts: the 0.18.37 candidates, the flagged rows of 0.18.37 backends
//! (note N4 counts them; dstack 0.22.5 matches them), and the rows of backends that only 0.22.5
//! has. Each part keeps file order, which breaks price ties within it; the file positions of the
//! last two parts are stored so that 0.22.5, which matches all rows, can order across parts. For
//! 0.22.5 a row also carries its traits: ARM CPU, the `provider_data` bits dstack's backends
//! read, and the zone (`location`) of a GCP VM row as a suffix of its region.

use std::collections::HashMap;
use std::path::Path;

/// dstack 0.18.37's `BackendType`, in declaration order (= the tie-break rank of the contract §8).
const BACKEND_TYPES_0_18_37: [&str; 16] = include!("../core/src/model/backends.in");

/// `provider_data` markers that 0.22.5's backends read, and their trait bits.
const TRAIT_ARM: u8 = 1;
const TRAIT_RUNPOD_CLUSTER: u8 = 2;
const TRAIT_DWS_CALENDAR: u8 = 4;
/// The zone suffix index sits in the high nibble of a row's traits.
const ZONE_SHIFT: u32 = 4;

/// Catalog `backend` values that 0.18.37 knows under another name.
const BACKEND_ALIASES: [(&str, &str); 1] = [("verda", "datacrunch")];

/// Appends one formatted line of generated source (writing to a `String` cannot fail).
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

/// Sentinel for "no value" in the u16 / u8 index columns.
const NONE16: u16 = u16::MAX;
const NONE8: u8 = u8::MAX;

fn main() {
    let dir = Path::new("catalog");
    for file in ["catalog/offers.csv", "catalog/README.md", "../core/data/gpus.csv", "../core/src/model/backends.in"] {
        println!("cargo:rerun-if-changed={file}");
    }
    let offers = read_csv(&dir.join("offers.csv"));
    // The core's table of known accelerators, here only for compute capabilities.
    let gpus = read_csv(Path::new("../core/data/gpus.csv"));
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("catalog/README.md");
    let out = generate(&offers, &gpus, &snapshot_date(&readme));
    let out_dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("catalog_data.rs"), out.source).expect("write catalog_data.rs");
    std::fs::write(Path::new(&out_dir).join("catalog_columns.bin"), out.columns).expect("write catalog_columns.bin");
}

/// The date in "Snapshot assembled on **YYYY-MM-DD**" of the catalog's README.
fn snapshot_date(readme: &str) -> String {
    let marker = "Snapshot assembled on **";
    let start = readme.find(marker).expect("snapshot date in catalog/README.md") + marker.len();
    let date = &readme[start..start + 10];
    assert!(
        date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }),
        "malformed snapshot date {date:?}"
    );
    date.to_string()
}

/// A CSV file as (header, rows), each row a map from column name to cell text.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("missing column {name}"))
    }
}

fn read_csv(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut records = parse_csv(&text);
    assert!(!records.is_empty(), "{}: empty", path.display());
    let header = records.remove(0);
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r.len(), header.len(), "{}: row {i} has {} cells", path.display(), r.len());
    }
    Table { header, rows: records }
}

/// RFC 4180: comma-separated, `"`-quoted cells may hold commas, newlines and doubled quotes.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false; // something was read since the last record ended
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            c => cell.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted CSV cell");
    if any {
        record.push(cell);
        records.push(record);
    }
    records
}

/// Interns strings (or numbers by bit pattern) in first-seen order.
struct Interner<K> {
    index: HashMap<K, usize>,
    items: Vec<K>,
}

impl<K: std::hash::Hash + Eq + Clone> Interner<K> {
    fn new() -> Self {
        Interner { index: HashMap::new(), items: Vec::new() }
    }
    fn id(&mut self, k: K) -> usize {
        if let Some(&i) = self.index.get(&k) {
            return i;
        }
        self.items.push(k.clone());
        self.index.insert(k, self.items.len() - 1);
        self.items.len() - 1
    }
}

fn number(text: &str, what: &str) -> f64 {
    let v: f64 = text.trim().parse().unwrap_or_else(|_| panic!("{what}: not a number: {text:?}"));
    assert!(v.is_finite(), "{what}: not finite: {text:?}");
    v
}

fn u16_id(i: usize, what: &str) -> u16 {
    u16::try_from(i).ok().filter(|&v| v != NONE16).unwrap_or_else(|| panic!("too many {what}"))
}

fn u8_id(i: usize, what: &str) -> u8 {
    u8::try_from(i).ok().filter(|&v| v != NONE8).unwrap_or_else(|| panic!("too many {what}"))
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn float_lit(v: f64) -> String {
    // `{:?}` prints the shortest text that reads back as the same f64, always with `.` or `e`.
    format!("{v:?}")
}

/// A price as a whole number of micro-dollars, checked to read back as exactly the same f64
/// (`micros as f64 / 1e6` is the correctly rounded quotient, as parsing the decimal text is).
fn micros(text: &str) -> u64 {
    let v = number(text, "price");
    let m = (v * 1e6).round();
    assert!((0.0..9e15).contains(&m), "price out of range: {text:?}");
    let m = m as u64;
    assert_eq!((m as f64 / 1e6).to_bits(), v.to_bits(), "price {text:?} is not a whole number of micro-dollars");
    m
}

/// Parsed view of one kept `offers.csv` row.
struct Row {
    backend: u8,
    region: u16,
    instance: u16,
    /// Price in micro-dollars.
    micros: u64,
    shape: u16,
    spot: bool,
    flags: u8,
    /// [`TRAIT_ARM`] and the other trait bits, with the zone suffix index above [`ZONE_SHIFT`].
    traits: u8,
    /// Position in the file (0-based, after the header).
    position: u16,
}

/// The hardware of a row: vCPUs, memory, GPU count, GPU name, GPU memory, disk and vendor; the
/// decimal values as indices into `NUMBERS`, [`NONE8`] for no value.
type Shape = (u16, u8, u8, u8, u8, u8, u8);

/// Vendor codes of the `vendor` row column (0 = none).
const VENDORS: [&str; 6] = ["", "nvidia", "amd", "google", "intel", "tenstorrent"];

fn vendor_code(v: &str) -> u8 {
    let lower = v.to_lowercase();
    u8::try_from(VENDORS.iter().position(|x| *x == lower).unwrap_or_else(|| panic!("unknown gpu_vendor {v:?}")))
        .expect("vendor code")
}

/// A row's traits: [`TRAIT_ARM`] for `cpu_arch` `arm`; [`TRAIT_RUNPOD_CLUSTER`] when
/// `provider_data.pod_counts` holds a value other than 1; [`TRAIT_DWS_CALENDAR`] for
/// `provider_data.is_dws_calendar_mode` true; above [`ZONE_SHIFT`], for a `location` that is a
/// zone of `region` (`us-central1-a`), the index of its suffix (`a`) among `zones`.
fn traits(arch: &str, provider_data: &str, region: &str, location: &str, zones: &mut Interner<String>) -> u8 {
    let mut bits = match arch {
        "" | "x86" => 0,
        "arm" => TRAIT_ARM,
        other => panic!("unknown cpu_arch {other:?}"),
    };
    // The catalog's `provider_data` is flat JSON; these markers are all 0.22.5's backends read.
    let compact: String = provider_data.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(counts) = compact.split("\"pod_counts\":[").nth(1) {
        let list = counts.split(']').next().unwrap_or_default();
        if list.split(',').any(|v| v != "1") {
            bits |= TRAIT_RUNPOD_CLUSTER;
        }
    }
    if compact.contains("\"is_dws_calendar_mode\":true") {
        bits |= TRAIT_DWS_CALENDAR;
    }
    if location != region {
        let suffix = location
            .strip_prefix(region)
            .and_then(|s| s.strip_prefix('-'))
            .unwrap_or_else(|| panic!("location {location:?} is not a zone of {region:?}"));
        let index = zones.id(suffix.to_string());
        assert!(index < 16, "too many zone suffixes");
        bits |= (index as u8) << ZONE_SHIFT;
    }
    bits
}

/// Appends a column of small integers as byte planes: every value's low byte, then every
/// value's high byte (runs of equal high bytes cost gzip next to nothing).
fn planes(out: &mut Vec<u8>, values: &[u16]) {
    out.extend(values.iter().map(|v| v.to_le_bytes()[0]));
    out.extend(values.iter().map(|v| v.to_le_bytes()[1]));
}

/// Appends `v` as an unsigned LEB128 varint.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v & 0x7f) as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The generated Rust source and the column store it includes.
struct Generated {
    source: String,
    columns: Vec<u8>,
}

/// A string table as one text, the items separated by newlines.
fn joined(items: &[String], what: &str) -> String {
    assert!(!items.is_empty() && items.iter().all(|s| !s.contains('\n')), "{what}: empty, or a newline in a name");
    items.join("\n")
}

fn generate(offers: &Table, gpus: &Table, date: &str) -> Generated {
    let col = |name: &str| offers.column(name);
    let (c_backend, c_region, c_instance, c_price, c_cpu, c_memory) =
        (col("backend"), col("region"), col("instance_name"), col("price"), col("cpu"), col("memory"));
    let (c_location, c_arch, c_provider_data) = (col("location"), col("cpu_arch"), col("provider_data"));
    let (c_gcount, c_gname, c_gmem, c_spot, c_disk, c_vendor, c_flags) = (
        col("gpu_count"),
        col("gpu_name"),
        col("gpu_memory"),
        col("spot"),
        col("disk_size"),
        col("gpu_vendor"),
        col("flags"),
    );

    // Backends with rows, in 0.18.37 declaration order.
    let backend_of = |raw: &str| -> Option<&'static str> {
        let name = BACKEND_ALIASES.iter().find(|(a, _)| *a == raw).map_or(raw, |(_, b)| *b);
        BACKEND_TYPES_0_18_37.iter().find(|t| **t == name).copied()
    };
    let backends: Vec<&str> = BACKEND_TYPES_0_18_37
        .iter()
        .copied()
        .filter(|t| offers.rows.iter().any(|r| backend_of(&r[c_backend]) == Some(*t)))
        .collect();
    // 0.22.5 reads the `backend` column as is: the 0.18.37 backends' rows under their column name
    // (`verda`), then the backends only 0.22.5 has, in file order of first appearance.
    let mut names_0_22: Vec<String> = backends
        .iter()
        .map(|b| BACKEND_ALIASES.iter().find(|(_, old)| old == b).map_or(*b, |(column, _)| *column).to_string())
        .collect();
    for r in &offers.rows {
        if backend_of(&r[c_backend]).is_none() && !names_0_22.contains(&r[c_backend]) {
            names_0_22.push(r[c_backend].clone());
        }
    }
    let mut sorted = names_0_22.clone();
    sorted.sort();
    let rank_0_22: Vec<usize> =
        names_0_22.iter().map(|n| sorted.iter().position(|s| s == n).expect("ranked")).collect();
    let mut zones = Interner::new();
    zones.id(String::new());

    let mut regions = Interner::new();
    let mut instances = Interner::new();
    let mut gpu_names = Interner::new();
    let mut numbers = Interner::new();
    let mut shapes: Interner<Shape> = Interner::new();
    let mut flags = Interner::new();
    flags.id(String::new());
    let mut rows = Vec::new();
    let mut flagged_rows = Vec::new();
    let mut newer_rows = Vec::new();
    for (position, r) in offers.rows.iter().enumerate() {
        let backend = match backend_of(&r[c_backend]) {
            Some(name) => backends.iter().position(|b| *b == name).expect("backend with rows"),
            None => names_0_22.iter().position(|b| *b == r[c_backend]).expect("a 0.22.5 backend"),
        };
        // gpuhunt's parsing: empty = null, a leading `tpu-` is dropped from the name, and an empty
        // vendor of a GPU row means google for `tpu-` names, nvidia otherwise.
        let gpu_count: u8 = r[c_gcount].trim().parse().unwrap_or_else(|_| panic!("gpu_count {:?}", r[c_gcount]));
        let raw_name = r[c_gname].as_str();
        let is_tpu = raw_name.starts_with("tpu-");
        let name = if is_tpu { &raw_name[4..] } else { raw_name };
        let vendor = match r[c_vendor].as_str() {
            "" if gpu_count == 0 => 0,
            "" if is_tpu => vendor_code("google"),
            "" => vendor_code("nvidia"),
            v => vendor_code(v),
        };
        let mut number_id = |text: &str, what: &str| {
            if text.is_empty() { NONE8 } else { u8_id(numbers.id(number(text, what).to_bits()), "numbers") }
        };
        let memory = number_id(&r[c_memory], "memory");
        assert_ne!(memory, NONE8, "memory: empty cell");
        let gpu_memory = number_id(&r[c_gmem], "gpu_memory");
        let disk = number_id(&r[c_disk], "disk_size");
        let cpu = r[c_cpu].trim().parse().unwrap_or_else(|_| panic!("cpu {:?}", r[c_cpu]));
        let gpu_name = if name.is_empty() { NONE8 } else { u8_id(gpu_names.id(name.to_string()), "GPU names") };
        let flag = u8_id(flags.id(r[c_flags].clone()), "flags");
        let traits = traits(&r[c_arch], &r[c_provider_data], &r[c_region], &r[c_location], &mut zones);
        let row = Row {
            backend: u8_id(backend, "backends"),
            region: u16_id(regions.id(r[c_region].clone()), "regions"),
            instance: u16_id(instances.id(r[c_instance].clone()), "instance types"),
            micros: micros(&r[c_price]),
            shape: u16_id(shapes.id((cpu, memory, gpu_count, gpu_name, gpu_memory, disk, vendor)), "shapes"),
            spot: r[c_spot].eq_ignore_ascii_case("true"),
            flags: flag,
            traits,
            position: u16_id(position, "rows"),
        };
        if backend >= backends.len() {
            newer_rows.push(row);
        } else if flag == 0 {
            rows.push(row);
        } else {
            flagged_rows.push(row);
        }
    }
    let n_candidates = rows.len();
    let n_flagged = flagged_rows.len();
    // Candidates first, flagged rows after: matching scans one contiguous slice per pass. The
    // position of each row in this array is its rank for price ties, and both sets keep file order.
    rows.extend(flagged_rows);
    rows.extend(newer_rows);
    let mut parts: HashMap<(u8, u16, u16, bool), usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let part = usize::from(i >= n_candidates) + usize::from(i >= n_candidates + n_flagged);
        let seen = *parts.entry((r.backend, r.region, r.instance, r.spot)).or_insert(part);
        assert_eq!(seen, part, "an offer key with rows in two parts: 0.22.5 would group them");
    }
    assert!(rows.len() < usize::from(NONE16), "too many rows for u16 group numbers");

    let mut prices: Vec<u64> = rows.iter().map(|r| r.micros).collect();
    prices.sort_unstable();
    prices.dedup();
    let price_id = |m: u64| u16_id(prices.binary_search(&m).expect("interned price"), "prices");

    // The column store; the order and widths are those `src/catalog/columns.rs` reads.
    let mut columns = Vec::new();
    let mut previous = 0;
    for &m in &prices {
        varint(&mut columns, m - previous);
        previous = m;
    }
    let shape_column = |f: fn(&Shape) -> u8| shapes.items.iter().map(f).collect::<Vec<u8>>();
    planes(&mut columns, &shapes.items.iter().map(|s| s.0).collect::<Vec<_>>());
    for f in [|s: &Shape| s.1, |s: &Shape| s.2, |s: &Shape| s.3, |s: &Shape| s.4, |s: &Shape| s.5, |s: &Shape| s.6] {
        columns.extend(shape_column(f));
    }
    columns.extend(rows.iter().map(|r| r.backend));
    for f in [|r: &Row| r.region, |r: &Row| r.instance] {
        planes(&mut columns, &rows.iter().map(f).collect::<Vec<_>>());
    }
    // A row's shape is its instance type's (that of the type's first row) but for a few
    // exceptions, listed by row: a shape column would cost 2 KB of gzip.
    let mut instance_shape = vec![NONE16; instances.items.len()];
    let (mut exception_rows, mut exception_shapes) = (Vec::new(), Vec::new());
    for (i, r) in rows.iter().enumerate() {
        let shape = &mut instance_shape[usize::from(r.instance)];
        if *shape == NONE16 {
            *shape = r.shape;
        } else if *shape != r.shape {
            exception_rows.push(u16_id(i, "rows"));
            exception_shapes.push(r.shape);
        }
    }
    planes(&mut columns, &instance_shape);
    planes(&mut columns, &[u16_id(exception_rows.len(), "shape exceptions")]);
    planes(&mut columns, &exception_rows);
    planes(&mut columns, &exception_shapes);
    planes(&mut columns, &rows.iter().map(|r| price_id(r.micros)).collect::<Vec<_>>());
    columns.extend(rows.iter().map(|r| u8::from(r.spot)));
    columns.extend(rows.iter().map(|r| r.flags));
    columns.extend(rows.iter().map(|r| r.traits));
    planes(&mut columns, &rows[n_candidates..].iter().map(|r| r.position).collect::<Vec<_>>());

    // gpus.csv: the compute capability of each catalog GPU name (first nvidia row with that
    // name, case-insensitive, as gpuhunt's `get_compute_capability` scans).
    let (g_vendor, g_name, g_cc) = (gpus.column("vendor"), gpus.column("name"), gpus.column("compute_capability"));
    let cc_of = |name: &str| -> Option<(u8, u8)> {
        let lower = name.to_lowercase();
        gpus.rows
            .iter()
            .find(|g| g[g_vendor] == "nvidia" && !g[g_cc].is_empty() && g[g_name].to_lowercase() == lower)
            .map(|g| {
                let (major, minor) = g[g_cc].split_once('.').expect("compute capability major.minor");
                (major.parse().expect("cc major"), minor.parse().expect("cc minor"))
            })
    };

    let mut o = String::new();
    o.push_str("// @generated by build.rs from catalog/offers.csv and ../core/data/gpus.csv. Do not edit.\n\n");
    line!(o, "pub(crate) const SNAPSHOT_DATE: &str = {};", lit(date));
    line!(o, "pub(crate) const FILE_ROWS: usize = {};", offers.rows.len());
    line!(o, "pub(crate) const CANDIDATE_ROWS: usize = {n_candidates};");
    line!(o, "pub(crate) const FLAGGED_ROWS: usize = {n_flagged};");
    line!(o, "pub(crate) const ROWS: usize = {};", rows.len());
    line!(o, "pub(crate) const SHAPES: usize = {};", shapes.items.len());
    line!(o, "pub(crate) const INSTANCE_TYPES: usize = {};", instances.items.len());
    line!(o, "pub(crate) const PRICES: usize = {};", prices.len());
    let list = |items: Vec<String>| items.join(", ");
    line!(
        o,
        "pub(crate) static BACKENDS: [&str; {}] = [{}];",
        backends.len(),
        list(backends.iter().map(|s| lit(s)).collect())
    );
    line!(
        o,
        "pub(crate) static BACKENDS_0_22: [(&str, u8); {}] = [{}];",
        names_0_22.len(),
        list(names_0_22.iter().zip(&rank_0_22).map(|(n, r)| format!("({}, {r})", lit(n))).collect())
    );
    let zone_suffixes = zones.items[1..].join("");
    assert_eq!(zone_suffixes.len(), zones.items.len() - 1, "zone suffixes are single characters");
    line!(o, "pub(crate) static ZONE_SUFFIXES: &str = {};", lit(&zone_suffixes));
    for (name, table) in [("REGIONS", &regions.items), ("INSTANCES", &instances.items), ("FLAGS", &flags.items)] {
        line!(o, "pub(crate) static {name}: &str = {};", lit(&joined(table, name)));
    }
    let items = numbers.items.iter().map(|b| float_lit(f64::from_bits(*b))).collect();
    line!(o, "pub(crate) static NUMBERS: [f64; {}] = [{}];", numbers.items.len(), list(items));
    let names = gpu_names
        .items
        .iter()
        .map(|n| {
            let cc = cc_of(n).map_or("None".to_string(), |(a, b)| format!("Some(({a}, {b}))"));
            format!("GpuName {{ name: {}, lower: {}, nvidia_cc: {cc} }}", lit(n), lit(&n.to_lowercase()))
        })
        .collect();
    line!(o, "pub(crate) static GPU_NAMES: [GpuName; {}] = [{}];", gpu_names.items.len(), list(names));
    line!(
        o,
        "pub(crate) static COLUMNS: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/catalog_columns.bin\"));"
    );
    Generated { source: o, columns }
}
