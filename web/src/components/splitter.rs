//! The handles between the panes that resize them. Only their markup is here, static: `web/static/boot.js`
//! moves them by pointer (drag) and keyboard (arrows, Home, End), setting the custom property the
//! stylesheet sizes the grid from (`data-property`, in percent of the panes) and `aria-valuenow`.

use yew::{AttrValue, Html};

/// The two handles: sideways between the editor and the results (`--split-x`, the width of the
/// left column), up and down between the editor and the problems (`--split-y`, the height of the
/// bottom row). Markup, not elements built one by one: it never changes, and yew keeps it as it is.
const SPLITTERS: &str = concat!(
    r#"<div class="splitter columns" role="separator" tabindex="0" aria-label="Resize the editor and the results" "#,
    r#"aria-orientation="vertical" aria-valuemin="20" aria-valuemax="80" aria-valuenow="52" data-axis="x" "#,
    r#"data-property="--split-x"></div>"#,
    r#"<div class="splitter rows" role="separator" tabindex="0" aria-label="Resize the editor and the problems" "#,
    r#"aria-orientation="horizontal" aria-valuemin="20" aria-valuemax="80" aria-valuenow="34" data-axis="y" "#,
    r#"data-property="--split-y"></div>"#,
);

/// Both handles.
pub fn splitters() -> Html {
    Html::from_html_unchecked(AttrValue::Static(SPLITTERS))
}
