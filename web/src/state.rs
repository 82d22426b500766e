//! The playground's state: the checked text, its report and offer estimate, and the UI choices.
//!
//! Pure: it calls the Rust crates but never the browser, so it is unit-tested natively.

use std::rc::Rc;

use dstack_check::compare::{self, Comparison};
use dstack_check::{Estimate, Options, Report};
use dstack_core::DstackVersion;
use dstack_offers::{Catalog, Demand};
use dstack_share::ShareError;
use yew::Reducible;

use crate::examples;

/// Which form of the parsed configuration the JSON panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonView {
    /// dstack's `.json()` of the parsed model.
    Normalized,
    /// What the run will actually get after `dstack apply` and the server fill in defaults.
    Effective,
    /// What each supported release makes of the text: verdicts and a diff of their JSON.
    Compare,
}

impl JsonView {
    /// The value of the view's `data-view` test hook.
    pub fn id(self) -> &'static str {
        match self {
            JsonView::Normalized => "normalized",
            JsonView::Effective => "effective",
            JsonView::Compare => "compare",
        }
    }
}

/// The side panel on display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The normalized / effective JSON.
    Json,
    /// What the configuration would run on and cost.
    Offers,
}

/// How a notice should look and whether it goes away by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Confirmation of something the user did; fades after a few seconds.
    Info,
    /// Something went wrong (a corrupt link); stays until dismissed.
    Error,
}

/// A button in a notice that puts a text back into the editor (Undo, Restore my draft).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restore {
    /// The button's label.
    pub label: &'static str,
    /// The text the button puts back.
    pub text: Rc<str>,
}

/// A one-line message over the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How it looks and whether it fades.
    pub tone: Tone,
    /// The message, plain text.
    pub text: String,
    /// A way back to an earlier text, if the notice offers one.
    pub restore: Option<Restore>,
}

impl Notice {
    /// An informational notice.
    pub fn info(text: impl Into<String>) -> Self {
        Notice { tone: Tone::Info, text: text.into(), restore: None }
    }

    /// An error notice.
    pub fn error(text: impl Into<String>) -> Self {
        Notice { tone: Tone::Error, text: text.into(), restore: None }
    }

    /// The same notice with a button labelled `label` that puts `text` back.
    pub fn with_restore(self, label: &'static str, text: impl Into<Rc<str>>) -> Self {
        Notice { restore: Some(Restore { label, text: text.into() }), ..self }
    }
}

/// Everything the page shows, derived from one text.
#[derive(Clone, Debug)]
pub struct State {
    /// The text the report describes.
    pub text: Rc<str>,
    /// The dstack release whose rules judge the text.
    pub version: DstackVersion,
    /// The core's verdict on `text`.
    pub report: Rc<Report>,
    /// The offers `text` would match; `None` while the report has errors.
    pub estimate: Option<Rc<Estimate>>,
    /// What `estimate` was made from: a later text with the same demand keeps it.
    pub demand: Option<Rc<Demand>>,
    /// What the oldest and the newest releases make of `text`; computed only for the Compare view.
    pub compare: Option<Rc<Comparison>>,
    /// Normalized or effective JSON.
    pub json_view: JsonView,
    /// The side panel on display.
    pub panel: Panel,
    /// The notice on display, if any.
    pub notice: Option<Notice>,
    /// Counts checks, so effects can tell a new result from a re-render.
    pub revision: u64,
    /// The latest report with normalized JSON: shown, marked out of date, while the text does
    /// not parse (half-typed lines), instead of nothing.
    pub last_json: Rc<Report>,
    /// The latest offer estimate, shown the same way while the text has errors.
    pub last_estimate: Option<Rc<Estimate>>,
}

/// Everything that can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The editor holds new text, typed: check it.
    Check(String),
    /// The editor holds other text (an example, a paste, a link, undo): check it, and drop the
    /// results kept from the text before, which belong to another configuration.
    Replace(String),
    /// Switch the JSON panel between normalized, effective and the comparison.
    ShowJson(JsonView),
    /// Check against another dstack release, at once.
    SetVersion(DstackVersion),
    /// Switch the side panel.
    ShowPanel(Panel),
    /// Show a notice.
    Notify(Notice),
    /// Hide the notice.
    Dismiss,
}

impl State {
    /// The state for a freshly loaded page: `text` is checked against `version` at once, so the
    /// first result is on screen with the first render.
    pub fn new(text: String, version: DstackVersion, notice: Option<Notice>) -> Self {
        let json_view = JsonView::Normalized;
        let (report, estimate, demand) = analyze(&text, json_view, version, None);
        let (last_json, last_estimate) = (report.clone(), estimate.clone());
        State {
            text: text.into(),
            version,
            report,
            estimate,
            demand,
            compare: None,
            json_view,
            panel: Panel::Json,
            notice,
            revision: 0,
            last_json,
            last_estimate,
        }
    }

    /// `text` checked again; `same_release` says whether `self`'s results are of this release,
    /// so that its estimate may serve again.
    fn rechecked(&self, text: Rc<str>, json_view: JsonView, same_release: bool) -> Self {
        let (report, estimate, demand) = analyze(&text, json_view, self.version, same_release.then_some(self));
        let compare = comparison(&text, json_view);
        let last_json = if report.normalized.is_some() { report.clone() } else { self.last_json.clone() };
        let last_estimate = estimate.clone().or_else(|| self.last_estimate.clone());
        State {
            text,
            report,
            estimate,
            demand,
            compare,
            json_view,
            revision: self.revision + 1,
            last_json,
            last_estimate,
            ..self.clone()
        }
    }

    /// The report whose JSON the panel shows, and whether it describes an earlier text.
    pub fn json_report(&self) -> (&Rc<Report>, bool) {
        let view = |r: &Report| match self.json_view {
            JsonView::Normalized | JsonView::Compare => r.normalized.is_some(),
            JsonView::Effective => r.effective.is_some(),
        };
        if view(&self.report) || !view(&self.last_json) { (&self.report, false) } else { (&self.last_json, true) }
    }

    /// The estimate the Offers panel shows, and whether it describes an earlier text.
    pub fn shown_estimate(&self) -> (Option<&Estimate>, bool) {
        match (&self.estimate, &self.last_estimate) {
            (Some(estimate), _) => (Some(estimate), false),
            (None, last) => (last.as_deref(), last.is_some()),
        }
    }

    /// The same text shown in `json_view`. Same text, same normalized JSON: only the report is
    /// redone (the effective view needs its own) and the comparison made when shown; the
    /// estimate stays.
    pub fn with_view(&self, json_view: JsonView) -> Self {
        let checked = dstack_check::check(&self.text, &options(json_view, self.version));
        State {
            report: Rc::new(checked.report),
            compare: comparison(&self.text, json_view),
            json_view,
            revision: self.revision + 1,
            ..self.clone()
        }
    }

    /// The same text checked against `version`. The results kept from before were another
    /// release's, so they go.
    fn with_version(&self, version: DstackVersion) -> Self {
        let fresh = State { version, ..self.clone() }.rechecked(self.text.clone(), self.json_view, false);
        State { last_json: fresh.report.clone(), last_estimate: fresh.estimate.clone(), ..fresh }
    }
}

/// The releases the Compare view sets side by side: the oldest and the newest supported.
pub const COMPARED: (DstackVersion, DstackVersion) = (DstackVersion::SUPPORTED[0], DstackVersion::NEWEST);

/// The check options of `json_view` under `version`: the effective view only when it is shown.
fn options(json_view: JsonView, version: DstackVersion) -> Options {
    Options::default().with_effective(json_view == JsonView::Effective).with_version(version)
}

/// The report on `text` and, when the configuration has no error, its offer estimate (as
/// `dstack_check` makes it) and the demand it was made from. `before`'s estimate serves again
/// when the normalized JSON is the same (a keystroke in a comment, a blank line) or, for a run,
/// the requirements are (a keystroke in `commands`).
fn analyze(
    text: &str,
    json_view: JsonView,
    version: DstackVersion,
    before: Option<&State>,
) -> (Rc<Report>, Option<Rc<Estimate>>, Option<Rc<Demand>>) {
    let report = Rc::new(dstack_check::check(text, &options(json_view, version)).report);
    let Some(normalized) = report.normalized.as_ref().filter(|_| report.is_valid()) else {
        return (report, None, None);
    };
    let kept = |b: &State| b.estimate.clone().zip(b.demand.clone());
    let same_json = before.filter(|b| b.report.normalized.as_ref() == Some(normalized));
    if let Some((estimate, demand)) = same_json.and_then(kept) {
        return (report, Some(estimate), Some(demand));
    }
    let demand = Demand::of(normalized, version);
    let (estimate, demand) = match before.and_then(kept) {
        Some((estimate, before)) if before.same_estimate(&demand) => (estimate, before),
        _ => (Rc::new(demand.estimate(normalized, Catalog::bundled())), Rc::new(demand)),
    };
    (report, Some(estimate), Some(demand))
}

/// Checks `text` and estimates its offers as a keystroke does, for nothing but the time it takes:
/// WebAssembly functions are compiled at their first call and optimized once they are hot, so the
/// first keystrokes after the page starts would otherwise pay for that (see `hooks::use_warm_up`).
pub fn warm_up(text: &str, version: DstackVersion) {
    analyze(text, JsonView::Normalized, version, None);
}

/// The comparison of the [`COMPARED`] releases on `text`, only while the Compare view is shown.
fn comparison(text: &str, json_view: JsonView) -> Option<Rc<Comparison>> {
    (json_view == JsonView::Compare).then(|| Rc::new(compare::compare(text, COMPARED.0, COMPARED.1)))
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Check(text) => Rc::new(self.rechecked(text.into(), self.json_view, true)),
            Action::Replace(text) => {
                let fresh = self.rechecked(text.into(), self.json_view, true);
                let (last_json, last_estimate) = (fresh.report.clone(), fresh.estimate.clone());
                Rc::new(State { last_json, last_estimate, ..fresh })
            }
            Action::ShowJson(view) if view == self.json_view => self,
            Action::ShowJson(view) => Rc::new(self.with_view(view)),
            Action::SetVersion(version) if version == self.version => self,
            Action::SetVersion(version) => Rc::new(self.with_version(version)),
            Action::ShowPanel(panel) if panel == self.panel => self,
            Action::ShowPanel(panel) => Rc::new(State { panel, ..(*self).clone() }),
            Action::Notify(notice) => Rc::new(State { notice: Some(notice), ..(*self).clone() }),
            Action::Dismiss if self.notice.is_none() => self,
            Action::Dismiss => Rc::new(State { notice: None, ..(*self).clone() }),
        }
    }
}

/// The text to open the page with, and a notice to show with it.
///
/// A shared link wins over the saved draft, the draft over the default example. The draft stays
/// saved until the link's text is edited, and the notice offers it back. A link that cannot be
/// read keeps the draft on screen and says why.
pub fn startup(link: Result<Option<String>, ShareError>, draft: Option<String>) -> (String, Option<Notice>) {
    let fallback = || draft.clone().unwrap_or_else(|| examples::DEFAULT.text.to_string());
    match link {
        Ok(Some(text)) => {
            let notice = draft.filter(|d| !d.trim().is_empty() && *d != text).map(|d| {
                Notice::info("Showing a shared configuration. Your draft is kept until you edit this one.")
                    .with_restore("Restore my draft", d)
            });
            (text, notice)
        }
        Ok(None) => (fallback(), None),
        Err(e) => {
            let kept = if draft.is_some() { "your last draft" } else { "the default example" };
            (fallback(), Some(link_error(&e, kept)))
        }
    }
}

/// The release to open the page with, and a notice when a link names one this page does not
/// know (the newest applies then). A link's `v=` wins; a link's text without one is checked
/// against the newest; otherwise the draft's release applies (the newest for a draft saved before
/// releases could be chosen).
pub fn start_version(
    link_has_text: bool,
    fragment: &str,
    draft_version: Option<DstackVersion>,
) -> (DstackVersion, Option<Notice>) {
    match crate::link_version::read(fragment) {
        Ok(Some(version)) => (version, None),
        Err(unknown) => (DstackVersion::NEWEST, Some(crate::link_version::unknown_notice(&unknown))),
        Ok(None) if link_has_text => (DstackVersion::NEWEST, None),
        Ok(None) => (draft_version.unwrap_or(DstackVersion::NEWEST), None),
    }
}

/// The notice for a link that cannot be read, saying what stays on screen instead.
pub fn link_error(error: &ShareError, kept: &str) -> Notice {
    Notice::error(format!("{}. Showing {kept} instead.", sentence(&error.to_string())))
}

/// `text` with its first letter in upper case. The texts are our own English messages, so ASCII
/// case mapping suffices (and keeps std's Unicode upper-case table, 12 KB, out of the page).
fn sentence(text: &str) -> String {
    let mut sentence = text.to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    sentence
}

/// How long to wait after an edit before checking (0: check at once), given what the last two
/// checks cost. Pastes, loads and cheap checks run at once, so results follow keystrokes in the
/// next frame; when checks get expensive, typing waits a little so a burst of keystrokes costs one
/// check, never more than 100 ms. The cheaper of the two counts: one check slowed down by the
/// machine (a garbage collection, another program) must not hold back the next keystroke too.
pub fn debounce_ms(typing: bool, last_costs_ms: [f64; 2]) -> u32 {
    let cost = last_costs_ms[0].min(last_costs_ms[1]);
    if !typing || cost < 12.0 { 0 } else { (cost * 2.0).min(100.0) as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dstack_core::Severity;
    use dstack_offers::Catalog;

    fn state(text: &str) -> Rc<State> {
        Rc::new(State::new(text.to_string(), DstackVersion::V0_18_37, None))
    }

    #[test]
    fn new_state_is_checked_at_once() {
        let s = state("type: task\ncommands: [echo hi]\n");
        assert!(s.report.parsed);
        assert!(s.report.is_valid());
        assert_eq!(s.revision, 0);
        assert_eq!(s.json_view, JsonView::Normalized);
        assert_eq!(s.report.effective, None);
    }

    #[test]
    fn check_replaces_text_and_report() {
        let s = state("type: task\ncommands: [echo hi]\n").reduce(Action::Check("type: job\n".into()));
        assert_eq!(&*s.text, "type: job\n");
        assert_eq!(s.revision, 1);
        assert!(!s.report.is_valid());
        assert_eq!(s.report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), vec!["E101"]);
        assert_eq!(s.estimate, None);
    }

    #[test]
    fn default_example_is_valid_with_offers() {
        let s = state(examples::DEFAULT.text);
        let normalized = s.report.normalized.as_ref().expect("the default example parses");
        let expected = dstack_offers::estimate(normalized, Catalog::bundled(), DstackVersion::V0_18_37);
        assert_eq!(s.estimate.as_deref(), Some(&expected));
        assert!(expected.count > 0);
    }

    #[test]
    fn switching_the_view_keeps_the_estimate() {
        let s = state(examples::DEFAULT.text);
        let before = s.estimate.clone();
        let s = s.reduce(Action::ShowJson(JsonView::Effective));
        assert_eq!(s.estimate.as_ref().map(Rc::as_ptr), before.as_ref().map(Rc::as_ptr));
    }

    #[test]
    fn the_estimate_of_the_same_normalized_json_is_kept() {
        let s = state(examples::DEFAULT.text);
        let before = s.estimate.clone().expect("the default example has offers");
        let s = s.reduce(Action::Check(format!("{}# a comment\n", examples::DEFAULT.text)));
        assert!(Rc::ptr_eq(s.estimate.as_ref().expect("still valid"), &before));
        let s = s.reduce(Action::Check(format!("{}max_price: 0.5\n", examples::DEFAULT.text)));
        assert!(!Rc::ptr_eq(s.estimate.as_ref().expect("still valid"), &before));
    }

    #[test]
    fn the_estimate_of_the_same_requirements_is_kept() {
        let s = state(examples::DEFAULT.text);
        let before = s.estimate.clone().expect("the default example has offers");
        let edited = examples::DEFAULT.text.replace("--epochs 3", "--epochs 4");
        let s = s.reduce(Action::Check(edited.clone()));
        assert_ne!(s.report.normalized, state(examples::DEFAULT.text).report.normalized);
        assert!(Rc::ptr_eq(s.estimate.as_ref().expect("still valid"), &before));
        let s = s.reduce(Action::Check(edited.replace("24GB..80GB:1", "40GB..80GB:1")));
        let after = s.estimate.as_ref().expect("still valid");
        assert!(!Rc::ptr_eq(after, &before));
        assert_ne!(after.count, before.count);
    }

    #[test]
    fn broken_example_reports_errors_and_no_estimate() {
        let s = state(examples::BROKEN.text);
        assert!(!s.report.is_valid());
        assert_eq!(s.report.count(Severity::Error), 7);
        assert_eq!(s.report.count(Severity::Warning), 1);
        assert_eq!(s.estimate, None);
    }

    #[test]
    fn effective_view_is_computed_only_when_shown() {
        let s = state("type: task\ncommands: [echo hi]\n").reduce(Action::ShowJson(JsonView::Effective));
        assert_eq!(s.json_view, JsonView::Effective);
        assert!(s.report.effective.is_some());
        assert_eq!(s.revision, 1);
        let s = s.reduce(Action::ShowJson(JsonView::Normalized));
        assert_eq!(s.report.effective, None);
    }

    #[test]
    fn repeated_choices_keep_the_same_state() {
        let s = state("type: task\n");
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::ShowJson(JsonView::Normalized))));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::ShowPanel(Panel::Json))));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Dismiss)));
    }

    #[test]
    fn panel_and_notice_do_not_recheck() {
        let s = state("type: task\n").reduce(Action::ShowPanel(Panel::Offers));
        assert_eq!((s.panel, s.revision), (Panel::Offers, 0));
        let s = s.reduce(Action::Notify(Notice::info("Link copied")));
        assert_eq!(s.notice, Some(Notice { tone: Tone::Info, text: "Link copied".into(), restore: None }));
        assert_eq!(s.reduce(Action::Dismiss).notice, None);
    }

    #[test]
    fn startup_prefers_link_then_draft_then_default() {
        assert_eq!(startup(Ok(Some("a: 1".into())), None), ("a: 1".to_string(), None));
        assert_eq!(startup(Ok(Some("a: 1".into())), Some("a: 1".into())), ("a: 1".to_string(), None));
        assert_eq!(startup(Ok(Some("a: 1".into())), Some(" \n".into())), ("a: 1".to_string(), None));
        assert_eq!(startup(Ok(None), Some("b: 2".into())), ("b: 2".to_string(), None));
        assert_eq!(startup(Ok(None), Some(String::new())), (String::new(), None));
        assert_eq!(startup(Ok(None), None), (examples::DEFAULT.text.to_string(), None));
    }

    #[test]
    fn a_link_offers_the_draft_back() {
        let (text, notice) = startup(Ok(Some("a: 1".into())), Some("b: 2".into()));
        assert_eq!(text, "a: 1");
        let notice = notice.expect("a notice");
        assert_eq!(notice.text, "Showing a shared configuration. Your draft is kept until you edit this one.");
        assert_eq!(notice.restore, Some(Restore { label: "Restore my draft", text: Rc::from("b: 2") }));
    }

    #[test]
    fn half_typed_text_keeps_the_last_json_and_offers_as_out_of_date() {
        let s = state(examples::DEFAULT.text);
        assert!(!s.json_report().1);
        assert!(!s.shown_estimate().1);
        let good = s.report.clone();
        let s = s.reduce(Action::Check(format!("{}resources: [", examples::DEFAULT.text)));
        assert_eq!(s.report.normalized, None);
        let (shown, stale) = s.json_report();
        assert!(Rc::ptr_eq(shown, &good));
        assert!(stale);
        let (estimate, stale) = s.shown_estimate();
        assert!(estimate.is_some_and(|e| e.count > 0));
        assert!(stale);
        let s = s.reduce(Action::Check("type: task\ncommands: [ls]\n".into()));
        assert_eq!((s.json_report().1, s.shown_estimate().1), (false, false));
        assert!(Rc::ptr_eq(s.json_report().0, &s.report));
    }

    #[test]
    fn other_text_drops_the_results_kept_from_before() {
        let s = state(examples::DEFAULT.text).reduce(Action::Replace(examples::BROKEN.text.into()));
        assert_eq!(s.revision, 1);
        assert!(Rc::ptr_eq(s.json_report().0, &s.report));
        assert_eq!(s.shown_estimate(), (None, false));
    }

    #[test]
    fn nothing_out_of_date_is_shown_before_a_first_good_result() {
        let s = state("type: [").reduce(Action::Check("type: {".into()));
        assert!(Rc::ptr_eq(s.json_report().0, &s.report));
        assert!(!s.json_report().1);
        assert_eq!(s.shown_estimate(), (None, false));
    }

    #[test]
    fn startup_explains_a_bad_link() {
        let (text, notice) = startup(Err(ShareError::InvalidDeflate), Some("b: 2".into()));
        assert_eq!(text, "b: 2");
        assert_eq!(
            notice,
            Some(Notice::error(
                "The share link is corrupt: the compressed configuration cannot be decompressed (was it cut short?). \
                 Showing your last draft instead."
            ))
        );
        let (text, notice) = startup(Err(ShareError::TooLarge), None);
        assert_eq!(text, examples::DEFAULT.text);
        assert_eq!(
            notice,
            Some(Notice::error("The shared configuration is larger than 1 MiB. Showing the default example instead."))
        );
    }

    #[test]
    fn switching_the_release_rechecks_at_once() {
        let text = "type: task\ncommands: [ls]\nfiles: [a.txt]\n";
        let s = state(text);
        assert_eq!(s.report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), vec!["E102"]);
        let s = s.reduce(Action::SetVersion(DstackVersion::V0_22_5));
        assert_eq!((s.version, s.revision, s.report.is_valid()), (DstackVersion::V0_22_5, 1, true));
        assert!(Rc::ptr_eq(s.json_report().0, &s.report));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::SetVersion(DstackVersion::V0_22_5))));
        let s = s.reduce(Action::SetVersion(DstackVersion::V0_18_37));
        assert_eq!((s.revision, s.report.is_valid()), (2, false));
        assert_eq!(s.json_report(), (&s.report, false));
        assert_eq!(s.shown_estimate(), (None, false));
    }

    #[test]
    fn the_comparison_is_made_only_while_shown() {
        let text = "type: task\ncommands: [nvidia-smi]\nresources:\n  gpu: A100\n";
        let s = state(text);
        assert_eq!(s.compare, None);
        let s = s.reduce(Action::ShowJson(JsonView::Compare));
        let compare = s.compare.clone().expect("made for the Compare view");
        assert_eq!((compare.before.version, compare.after.version), COMPARED);
        assert_eq!(*compare, compare::compare(text, DstackVersion::V0_18_37, DstackVersion::V0_22_5));
        assert!(s.report.normalized.is_some() && s.report.effective.is_none());
        let s = s.reduce(Action::Check("type: task\ncommands: [ls]\n".into()));
        let expected = compare::compare("type: task\ncommands: [ls]\n", COMPARED.0, COMPARED.1);
        assert_eq!(s.compare.as_deref(), Some(&expected));
        assert_eq!(s.reduce(Action::ShowJson(JsonView::Normalized)).compare, None);
    }

    #[test]
    fn the_start_release_comes_from_the_link_else_the_draft() {
        use DstackVersion::{V0_18_37, V0_22_5};
        assert_eq!(start_version(true, "#c=abc&v=0.18.37", Some(V0_22_5)), (V0_18_37, None));
        assert_eq!(start_version(true, "#c=abc", Some(V0_18_37)), (V0_22_5, None));
        assert_eq!(start_version(false, "", Some(V0_18_37)), (V0_18_37, None));
        assert_eq!(start_version(false, "#c=broken&v=0.22.5", Some(V0_18_37)), (V0_22_5, None));
        assert_eq!(start_version(false, "#v=0.18.37", None), (V0_18_37, None));
        assert_eq!(start_version(false, "", None), (V0_22_5, None));
        let (version, notice) = start_version(true, "#c=abc&v=9", None);
        assert_eq!((version, notice.map(|n| n.tone)), (V0_22_5, Some(Tone::Error)));
    }

    #[test]
    fn debounce_follows_the_cheaper_of_the_last_two_checks() {
        assert_eq!(debounce_ms(false, [500.0, 500.0]), 0);
        assert_eq!(debounce_ms(true, [3.0, 3.0]), 0);
        assert_eq!(debounce_ms(true, [20.0, 20.0]), 40);
        assert_eq!(debounce_ms(true, [80.0, 90.0]), 100);
        // One slow check among cheap ones: the next keystroke is checked at once.
        assert_eq!(debounce_ms(true, [3.0, 40.0]), 0);
        assert_eq!(debounce_ms(true, [40.0, 3.0]), 0);
        assert_eq!(debounce_ms(true, [25.0, 30.0]), 50);
    }
}
