/** A supported dstack release, oldest first; {@link dstackVersions} lists them at run time. */
export type DstackVersion = "0.18.37" | "0.22.5";

/** Options of {@link check}; every key is optional and unknown keys throw. */
export interface CheckOptions {
  /**
   * The dstack release whose rules judge the text, like `dstack-check --dstack-version`; default
   * the newest ({@link defaultDstackVersion}). Any other value throws a `RangeError` that names the
   * supported releases.
   */
  dstack?: DstackVersion;
  /** Also estimate matching offers from the bundled catalog, like `dstack-check --offers`. */
  offers?: boolean;
  /** Also compute the effective configuration, like `dstack-check --effective`. */
  effective?: boolean;
  /** The `file` of the result (e.g. `"docs/quickstart.md:42"`); default `"-"`, as for `dstack-check -`. */
  file?: string;
}

/** A point in the text: 1-based line, 1-based column counted in Unicode code points (not UTF-16 units). */
export interface Position {
  line: number;
  column: number;
}

/** A half-open range `[start, end)`. */
export interface Range {
  start: Position;
  end: Position;
}

/** One problem or remark about a configuration. */
export interface Diagnostic {
  severity: "error" | "warning" | "info";
  /** Stable code, e.g. `"E102"`. */
  code: string;
  message: string;
  /** Dotted field path, e.g. `"resources.gpu.count"`; `""` for the whole document. */
  path: string;
  range: Range;
  /** A concrete fix, when there is one. */
  help: string | null;
  /** The part of dstack's pipeline that reports it. */
  stage: "yaml" | "schema" | "apply" | "server";
  /** dstack's own wording of the error, when dstack reports one. */
  dstack?: string;
  /** The safe fixes (at most one today), when there are any: `dstack-check --fix` makes the first. */
  fixes?: Fix[];
}

/** A quick fix: a title for a menu and the edits that make it, applied together. */
export interface Fix {
  /** E.g. ``"Rename to `commands`"``. */
  title: string;
  /** Non-overlapping edits in source order, positioned in the text as checked. */
  edits: Edit[];
}

/**
 * Replace `[start, end)` by `text` (an empty range inserts, an empty text deletes). Positions are
 * line and column like {@link Diagnostic.range} (columns in Unicode code points, not UTF-16
 * units), so an editor places them with the same conversion.
 */
export interface Edit {
  start: Position;
  end: Position;
  text: string;
}

/** A JSON value as dstack prints it (`Infinity` becomes the JS number `Infinity`). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The result of {@link check}: `JSON.parse` of one `dstack-check --format json` line. */
export interface CheckResult {
  file: string;
  /** The dstack release that judged the text. */
  dstack_version: DstackVersion;
  /** True when dstack's parser accepts the configuration. */
  parsed: boolean;
  /** dstack's `.json()` of the parsed configuration, or `null`. */
  normalized: { [key: string]: JsonValue } | null;
  /** What the run will actually get, when asked for and parsed, else `null`. */
  effective: { [key: string]: JsonValue } | null;
  diagnostics: Diagnostic[];
  /** Only with `offers: true`: the estimate, or `null` when the configuration has errors. */
  offers?: Estimate | null;
}

/** Matching offers of the bundled catalog (prices in USD per hour, sizes in GB). */
export interface Estimate {
  /** Number of matching offers. */
  count: number;
  price_min: number | null;
  price_max: number | null;
  price_median: number | null;
  /** Instances per run; run prices are instance prices times this. */
  nodes: number;
  run_price_min: number | null;
  run_price_max: number | null;
  run_price_median: number | null;
  by_backend: { [backend: string]: number };
  /** Keys are `backend/region`. */
  by_region: { [region: string]: number };
  /** Keys are accelerator names; `none` counts CPU-only offers. */
  by_gpu: { [gpu: string]: number };
  spot: number;
  on_demand: number;
  /** The first offers in dstack's order (cheapest first), at most 10. */
  cheapest: Offer[];
  /** Offers left after each constraint, from the whole catalog down to `count`. */
  funnel: FunnelStep[];
  /** The constraint that removed the last offers, when none match. */
  blocked_by: string | null;
  /** A concrete change that would give offers, when none match. */
  suggestion: string | null;
  notes: string[];
  warnings: OfferWarning[];
  /** Set when dstack would reject the configuration before searching offers. */
  rejected: Rejection | null;
  /** A service's replicas and their price per hour (the prices above are then per replica); `null` for other types. */
  replicas: Replicas | null;
  /** For a fleet, gateway, volume or preset, which get no offers: what it needs instead; else `null`. */
  needs: string | null;
}

/** A service's replica range, summed over its replica groups, and what it costs per hour. */
export interface Replicas {
  /** Fewest replicas. */
  min: number;
  /** Most replicas. */
  max: number;
  /** USD per hour of `min` replicas at each group's cheapest offer; `null` when a group that needs replicas has no offer. */
  price_min: number | null;
  /** USD per hour of `max` replicas at each group's cheapest offer; `null` when a group that needs replicas has no offer. */
  price_max: number | null;
}

/** One offer of the catalog. */
export interface Offer {
  backend: string;
  region: string;
  instance_name: string;
  gpu_count: number;
  gpu_name: string | null;
  gpu_memory: number | null;
  cpu: number;
  memory: number;
  disk_size: number;
  spot: boolean;
  price: number;
}

/** One constraint of the funnel. */
export interface FunnelStep {
  /** `catalog` for the start, else the configuration path of the constraint. */
  constraint: string;
  requirement: string;
  remaining: number;
}

/** A value that matches nothing in the catalog although it looks meant to. */
export interface OfferWarning {
  path: string;
  message: string;
  help: string | null;
}

/** Why dstack would reject the configuration after parsing it. */
export interface Rejection {
  stage: "type" | "cli" | "server";
  reason: string;
  path: string;
}

/** What {@link complete} offers at an offset: the items replace the text from `from` to `to`. */
export interface Completion {
  /** Where the word being completed starts, in UTF-16 units (a JS string index). */
  from: number;
  /** Where it ends, in UTF-16 units. */
  to: number;
  /** Best first; at most 100. */
  items: CompletionItem[];
}

/** One thing that can be written at the cursor. */
export interface CompletionItem {
  /** What a list shows, e.g. `"spot_policy"` or `"resources (with a GPU)"`. */
  label: string;
  /** A key of the mapping, a value (enum value, type name, catalog name, example), or a key with a block below it. */
  kind: "key" | "value" | "snippet";
  /** One line: a key's doc, a GPU's memory, a region's backends; may be `""`. */
  detail: string;
  /** The text to write in place of `from`..`to`, e.g. `"spot_policy: "`. */
  insert: string;
}

/** What {@link hover} shows for the key or value under an offset. */
export interface Hover {
  /** The key or value the text is about. */
  range: Range;
  /** Markdown: a key's doc, shape, default, example and release; or what dstack makes of a value. */
  markdown: string;
}
